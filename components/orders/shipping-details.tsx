import styles from "@/components/orders/orders.module.css";
import type { ShippingAddress } from "@/lib/orders/place-order";
import { countryName } from "@/lib/orders/schemas";

/** Where the order ships, and (for the customer) where its news goes. */
export function ShippingDetails({ address, contactEmail }: { address: ShippingAddress | null; contactEmail?: string | null }) {
  if (!address && !contactEmail) return null;
  return (
    <dl className={styles.details} data-testid="shipping-details">
      {address ? (
        <div>
          <dt>Ships to</dt>
          <dd>
            <address className={styles.address}>
              {address.name}
              <br />
              {address.street}
              <br />
              {address.postalCode} {address.city}
              <br />
              {countryName(address.country)}
            </address>
          </dd>
        </div>
      ) : null}
      {contactEmail ? (
        <div>
          <dt>Contact</dt>
          <dd>{contactEmail}</dd>
        </div>
      ) : null}
    </dl>
  );
}
