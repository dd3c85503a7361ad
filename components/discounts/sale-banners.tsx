import { SaleBanner } from "@/components/discounts/sale-banner";
import type { SaleCounter } from "@/lib/flash-sales/queries";

/** The product page's flash sales, one banner per listing with a live or coming sale. */
export function SaleBanners({ sales, listings }: { sales: SaleCounter[]; listings: { id: string; shop: { name: string } }[] }) {
  if (sales.length === 0) return null;
  return (
    <div>
      {sales.map((sale) => (
        <SaleBanner
          key={sale.saleId}
          initial={sale}
          shopName={listings.find((listing) => listing.id === sale.listingId)?.shop.name ?? "this shop"}
        />
      ))}
    </div>
  );
}
