import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/app/providers";
import { env } from "@/lib/env";
import "@/app/globals.css";

export const metadata: Metadata = {
  title: { default: env().SHOP_NAME, template: `%s · ${env().SHOP_NAME}` },
  description: "Scarce things, fairly sold: what you hold in your cart is yours.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
