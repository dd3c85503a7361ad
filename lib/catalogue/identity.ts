// What makes two listings "the same product" (I8): brand, model and variant compared
// case- and whitespace-insensitively. The unique index on products.identity_key turns two
// shops listing the same thing at once into one product with two listings.

function normalizePart(value: string): string {
  return value.trim().replace(/\s+/g, " ").toLowerCase();
}

/** "Aurora Audio", " Halo  2 ", "Midnight" -> "aurora audio|halo 2|midnight". */
export function productIdentityKey(brand: string, model: string, variant = ""): string {
  return [brand, model, variant].map(normalizePart).join("|");
}

/** A URL-safe slug that satisfies the products_slug_format CHECK ("^[a-z0-9]+(-[a-z0-9]+)*$"). */
export function slugify(...parts: string[]): string {
  const slug = parts
    .join(" ")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "product";
}
