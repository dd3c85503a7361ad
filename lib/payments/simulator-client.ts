// The shared payment simulator's own endpoint beside the Stripe API it serves: the customer's
// answer to the simulated bank's check (3-D Secure), which Stripe's API has no call for (the
// real bank's page answers Stripe directly). See scripts/lib/payment-simulator-server.ts.
import type { BankChallenges } from "@/lib/payments/bank-check";

export const CHALLENGE_ROUTE = "/simulator/challenges/";

export function remoteBankChallenges(baseUrl: string): BankChallenges {
  return {
    async answerChallenge(intentId, passed) {
      const response = await fetch(new URL(`${CHALLENGE_ROUTE}${encodeURIComponent(intentId)}`, baseUrl), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ passed }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`payment simulator answered ${response.status} to a bank check`);
      return (await response.json()) as { returnUrl: string | null };
    },
  };
}
