// Every path and cache tag the app links to or revalidates, in one place.
export const routes = {
  home: "/",
  catalogue: "/products",
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
  newListing: "/dashboard/listings/new",
  image: (id: string) => `/api/images/${id}`,
} as const;
