import Link from "next/link";
import { FormStatus } from "@/components/ui/form-status";
import { RESET_LINK_INVALID } from "@/lib/actions/messages";
import { routes } from "@/lib/routes";

/** One message for every dead reset link (unknown, used, replaced or too old), with the way to a new one. */
export function LinkExpired({ id }: { id?: string }) {
  return (
    <FormStatus id={id} tone="error">
      {RESET_LINK_INVALID} <Link href={routes.forgotPassword}>Ask for a new link</Link>
    </FormStatus>
  );
}
