// Every path and cache tag the app links to or revalidates, in one place.
export const routes = {
  home: "/",
  catalogue: "/products",
  /** The catalogue filtered by search text and/or brand; empty values are left out. */
  catalogueFor: ({ q, brand }: { q?: string; brand?: string }) => {
    const params = new URLSearchParams();
    if (q?.trim()) params.set("q", q.trim());
    if (brand?.trim()) params.set("brand", brand.trim());
    const query = params.toString();
    return query ? `/products?${query}` : "/products";
  },
  product: (slug: string) => `/products/${slug}`,
  cart: "/cart",
  checkout: "/checkout",
  orders: "/orders",
  order: (id: string) => `/orders/${id}`,
  signIn: "/sign-in",
  signUp: "/sign-up",
  dashboard: "/dashboard",
  openShop: "/dashboard/open-shop",
  dashboardListing: (id: string) => `/dashboard/listings/${id}`,
  /** JSON stock levels of one of the owner's listings, polled by the listing page. */
  dashboardListingLevels: (id: string) => `/api/dashboard/listings/${id}`,
  newListing: "/dashboard/listings/new",
  image: (id: string) => `/api/images/${id}`,
} as const;
