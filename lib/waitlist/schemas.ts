// The waitlist forms' schema, shared by the form (client) and its server actions.
import { z } from "zod";

export const waitlistSchema = z.object({ listingId: z.uuid("Unknown listing.") });
