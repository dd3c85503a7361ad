// Marking notifications read. The user's id is in the WHERE clause: an id sent by someone
// else's browser matches nothing. Marking a read notification again changes nothing.
import { Prisma, type Tx } from "@/lib/db/prisma";
import { ok, type Ok } from "@/lib/steps/result";

export interface MarkReadInput {
  userId: string;
  /** One notification, or every unread one of the user when absent. */
  notificationId?: string;
}

export async function markNotificationsRead(tx: Tx, input: MarkReadInput): Promise<Ok<{ marked: number }>> {
  const only = input.notificationId ? Prisma.sql`AND id = ${input.notificationId}::uuid` : Prisma.empty;
  const marked = await tx.$executeRaw(Prisma.sql`
    UPDATE notifications SET read_at = now()
     WHERE user_id = ${input.userId}::uuid AND read_at IS NULL ${only}`);
  return ok({ marked });
}
