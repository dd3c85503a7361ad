// What a payment or a cancellation changes on screen: the order, the list of orders, the
// checkout summary, product pages (stock came or went) and the notifications.
import { routes } from "@/lib/routes";

export const orderPaths = (orderId: string) =>
  [routes.order(orderId), routes.orders, routes.checkout, routes.notifications, [routes.product("[slug]"), "page"]] as const;
