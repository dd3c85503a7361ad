import Link from "next/link";
import type { ReactNode } from "react";
import { CardFrame } from "@/components/card-frame";
import { routes } from "@/lib/routes";

// Sign-in and sign-up: one centred card, no distractions, a way back to the shop.
export default function AuthLayout({ children }: { children: ReactNode }) {
  return <CardFrame footer={<Link href={routes.catalogue}>← Back to the catalogue</Link>}>{children}</CardFrame>;
}
