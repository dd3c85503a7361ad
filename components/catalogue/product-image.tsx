import Image from "next/image";

const PLACEHOLDER = "/products/placeholder.svg";

/** A product picture at 4:3; shipped SVGs and uploaded images alike. */
export function ProductImage({
  src,
  alt,
  className,
  eager = false,
  sizes = "(max-width: 640px) 50vw, 280px",
}: {
  src: string | null;
  alt: string;
  className?: string;
  eager?: boolean;
  sizes?: string;
}) {
  return (
    <Image
      src={src ?? PLACEHOLDER}
      alt={alt}
      width={800}
      height={600}
      sizes={sizes}
      className={className}
      loading={eager ? "eager" : "lazy"}
      // Uploaded pictures come from our own route; SVGs need no resizing.
      unoptimized
    />
  );
}
