import { PageNotFound } from "@/components/page-not-found";

export default function ProductNotFound() {
  return (
    <PageNotFound title="We couldn’t find that product">
      It may have been renamed, or the link is mistyped. Search for it, or browse the catalogue: it has everything on offer.
    </PageNotFound>
  );
}
