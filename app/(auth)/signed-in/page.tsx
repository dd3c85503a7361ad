// Where signing in goes when nothing asked for a page: a shop owner to their dashboard, anyone
// else to the storefront. It only reads the session; a visitor goes home.
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { routes } from "@/lib/routes";

export default async function SignedInPage(): Promise<never> {
  const user = await getCurrentUser();
  redirect(user?.shop ? routes.dashboard : routes.home);
}
