import Link from "next/link";
import { AvailabilityBadge } from "@/components/catalogue/availability-badge";
import styles from "@/components/catalogue/catalogue.module.css";
import { Price } from "@/components/catalogue/price";
import { ProductImage } from "@/components/catalogue/product-image";
import { Badge } from "@/components/ui/badge";
import { describeDeal } from "@/lib/catalogue/describe-deal";
import type { CatalogueDeal, CatalogueProduct } from "@/lib/catalogue/queries";
import { pluralize } from "@/lib/format";
import { routes } from "@/lib/routes";

/** A product as the catalogue and home page list it; `deal` when the listing query looked for one. */
export type CardProduct = CatalogueProduct & { deal?: CatalogueDeal | null };

export function ProductCard({ product, eager = false }: { product: CardProduct; eager?: boolean }) {
  const shops = product.listings.length;
  return (
    <article className="product-card" data-testid="product-card">
      <ProductImage src={product.imageUrl} alt={`${product.title}, ${product.variant}`} className="product-card__image" eager={eager} />
      <div className="product-card__body">
        <span className="eyebrow">{product.brand}</span>
        <h3 className="product-card__title">
          <Link href={routes.product(product.slug)}>{product.title}</Link>
        </h3>
        {product.variant ? <p className="product-card__variant">{product.variant}</p> : null}
        {product.deal ? (
          <span className={styles.deal}>
            <Badge tone="accent">{describeDeal(product.deal)}</Badge>
          </span>
        ) : null}
        <div className="product-card__footer">
          {product.fromPrice ? (
            <Price cents={product.fromPrice.cents} currency={product.fromPrice.currency} from={product.fromPrice.varies} />
          ) : null}
          <AvailabilityBadge available={product.totalAvailable} />
        </div>
        <span className="product-card__shops">Sold by {pluralize(shops, "shop")}</span>
      </div>
    </article>
  );
}

export function ProductGrid({ products, eagerCount = 4 }: { products: CardProduct[]; eagerCount?: number }) {
  return (
    <ul className="product-grid">
      {products.map((product, index) => (
        <li key={product.id}>
          <ProductCard product={product} eager={index < eagerCount} />
        </li>
      ))}
    </ul>
  );
}
