// Every path and cache tag the app links to or revalidates, in one place.

/**
 * What signing in (or up) does on the way back: put a listing in the cart (add), join its
 * waitlist (wait), or join a drop's line (line; the id is the drop's).
 */
export type AfterSignIn = { kind: "add" | "wait"; listingId: string } | { kind: "line"; dropId: string };

/** /sign-in or /sign-up that comes back to `callbackPath`, doing `then` on the way (add=, wait=). */
function accountPage(path: "/sign-in" | "/sign-up", callbackPath: string, then?: AfterSignIn): string {
  const params = new URLSearchParams({ callbackUrl: callbackPath });
  if (then) params.set(then.kind, then.kind === "line" ? then.dropId : then.listingId);
  return `${path}?${params.toString()}`;
}

export const routes = {
  home: "/",
  catalogue: "/products",
  /** The catalogue filtered, sorted and paged (lib/catalogue/catalogue-params.ts); empty values are left out. */
  catalogueFor: ({ q, brand, sort, stock, page }: { q?: string; brand?: string; sort?: string; stock?: string; page?: number }) => {
    const params = new URLSearchParams();
    if (q?.trim()) params.set("q", q.trim());
    if (brand?.trim()) params.set("brand", brand.trim());
    if (sort) params.set("sort", sort);
    if (stock) params.set("stock", stock);
    if (page) params.set("page", String(page));
    const query = params.toString();
    return query ? `/products?${query}` : "/products";
  },
  product: (slug: string) => `/products/${slug}`,
  cart: "/cart",
  checkout: "/checkout",
  orders: "/orders",
  order: (id: string) => `/orders/${id}`,
  /** JSON payment state of one of the customer's orders, polled while the bank confirms. */
  orderPaymentState: (id: string) => `/api/orders/${id}/payment`,
  notifications: "/notifications",
  signIn: "/sign-in",
  /** Sign in, then back to `callbackPath` (doing `then` on the way). */
  signInFrom: (callbackPath: string, then?: AfterSignIn) => accountPage("/sign-in", callbackPath, then),
  /** Sign in, then put `listingId` in the cart and go back to `callbackPath` (the "Add to cart" refusal's link). */
  signInToAdd: (callbackPath: string, listingId: string) => accountPage("/sign-in", callbackPath, { kind: "add", listingId }),
  signInToWait: (callbackPath: string, listingId: string) => accountPage("/sign-in", callbackPath, { kind: "wait", listingId }),
  /** Sign in, then join the drop's line and go back to `callbackPath`. */
  signInToJoinLine: (callbackPath: string, dropId: string) => accountPage("/sign-in", callbackPath, { kind: "line", dropId }),
  signUp: "/sign-up",
  /** Create an account, then back to `callbackPath` (doing `then` on the way). */
  signUpFrom: (callbackPath: string, then?: AfterSignIn) => accountPage("/sign-up", callbackPath, then),
  /** Where signing in goes when nothing asked for a page: an owner's dashboard, else home. */
  signedIn: "/signed-in",
  forgotPassword: "/forgot-password",
  /** The link a password-reset notification carries (the token is the only secret in it). */
  resetPassword: (token: string) => `/reset-password?${new URLSearchParams({ token }).toString()}`,
  /** Development only: the notification outbox, where reset links can be read without a mail service. */
  devMail: "/dev/mail",
  /** The bench's yardstick actions (app/bench), a 404 unless BENCH_ACTIONS is on. */
  bench: "/bench",
  dashboard: "/dashboard",
  openShop: "/dashboard/open-shop",
  dashboardListing: (id: string) => `/dashboard/listings/${id}`,
  dashboardOrders: "/dashboard/orders",
  dashboardOrder: (id: string) => `/dashboard/orders/${id}`,
  /** JSON stock levels of one of the owner's listings, polled by the listing page. */
  dashboardListingLevels: (id: string) => `/api/dashboard/listings/${id}`,
  newListing: "/dashboard/listings/new",
  image: (id: string) => `/api/images/${id}`,
  dashboardSales: "/dashboard/sales",
  dashboardSale: (id: string) => `/dashboard/sales/${id}`,
  newSale: "/dashboard/sales/new",
  dashboardCampaigns: "/dashboard/campaigns",
  dashboardCampaign: (id: string) => `/dashboard/campaigns/${id}`,
  newCampaign: "/dashboard/campaigns/new",
  /** Open coupon campaigns and the customer's own coupons. */
  campaigns: "/campaigns",
  campaign: (id: string) => `/campaigns/${id}`,
  /** JSON live counter of a campaign ("27 of 30 left"), with the viewer's own coupon. */
  campaignCounter: (id: string) => `/api/campaigns/${id}`,
  /** JSON flash sale of a listing (live or next), polled by the product page's banner. */
  listingFlashSale: (id: string) => `/api/listings/${id}/flash-sale`,
  /** JSON: the viewer's place in a drop's line, polled by the drop panel. */
  dropPlace: (id: string) => `/api/drops/${id}/place`,
  /** JSON: a drop's live figures for its owner. */
  dashboardDropStats: (id: string) => `/api/dashboard/drops/${id}`,
  /** JSON live availability of a listing, polled by the product page. */
  listingAvailability: (id: string) => `/api/listings/${id}/availability`,
} as const;

/**
 * The expiry sweeps. vercel.json schedules these paths (a test keeps the two in step), the
 * local run command calls them on a timer (scripts/lib/sweep-timer.ts), and each route
 * handler lives at app<path>/route.ts behind withCron (lib/cron.ts).
 */
export const cronJobs = [
  { name: "release-holds", path: "/api/cron/release-holds", schedule: "* * * * *" },
  { name: "cancel-unpaid-orders", path: "/api/cron/cancel-unpaid-orders", schedule: "* * * * *" },
  { name: "prune-rate-limits", path: "/api/cron/prune-rate-limits", schedule: "0 * * * *" },
  { name: "recover-checkouts", path: "/api/cron/recover-checkouts", schedule: "* * * * *" },
  { name: "deliver-notifications", path: "/api/cron/deliver-notifications", schedule: "* * * * *" },
  { name: "offer-waitlist", path: "/api/cron/offer-waitlist", schedule: "* * * * *" },
  { name: "admit-drops", path: "/api/cron/admit-drops", schedule: "* * * * *" },
] as const;
