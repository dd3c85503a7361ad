import Link from "next/link";
import type { AfterSignInDone } from "@/components/accounts/after-sign-in";
import { routes } from "@/lib/routes";
import type { ListingAvailability } from "@/lib/stock/listing-availability";

interface AfterSignInNoticeProps {
  /** What the sign-in page did on the way back (components/accounts/after-sign-in.ts). */
  done: AfterSignInDone["done"];
  shopName: string;
  /** The listing as the signed-in viewer sees it now: their own hold, whether they wait. */
  availability: ListingAvailability | null;
}

/** Back on the product after "Sign in to add it" or "Sign in" from Notify me: where things stand now. */
export function AfterSignInNotice({ done, shopName, availability }: AfterSignInNoticeProps) {
  const yours = availability?.yours ?? null;
  const cart = <Link href={routes.cart}>cart</Link>;
  let text;
  if (yours) {
    const reserved = yours.quantity > 1 ? `${yours.quantity} reserved` : "reserved";
    text =
      done === "added" ? (
        <>
          You&rsquo;re signed in, and it is in your {cart} from {shopName}, {reserved} for you.
        </>
      ) : (
        <>
          You&rsquo;re signed in, and one from {shopName} is in your {cart}, {reserved} for you.
        </>
      );
  } else if (done === "waiting" && availability?.waiting) {
    text = <>You&rsquo;re signed in and on the list for {shopName}: we&rsquo;ll reserve one for you when it&rsquo;s back.</>;
  } else if (done === "added") {
    text = (
      <>
        You&rsquo;re signed in, and it is in your {cart} from {shopName}, but not reserved: see below what is available.
      </>
    );
  } else {
    text = <>You&rsquo;re signed in: see below where this item stands.</>;
  }
  return (
    <p className="status status--success" role="status" data-testid="after-sign-in">
      {text}
    </p>
  );
}
