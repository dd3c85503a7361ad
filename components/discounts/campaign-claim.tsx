"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useActionState, useCallback, useEffect } from "react";
import { Countdown } from "@/components/discounts/countdown";
import styles from "@/components/discounts/discounts.module.css";
import { useLineHoldsBack } from "@/components/drops/use-drop-place";
import { useSubmitFocus } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { claimCouponAction, type ClaimCouponState } from "@/lib/actions/discounts";
import type { CampaignView, YourCoupon } from "@/lib/coupons/queries";
import type { DropPlaceView } from "@/lib/drops/place";
import { routes } from "@/lib/routes";

type LiveCampaign = CampaignView & { yours: YourCoupon | null };

const campaignKey = (id: string) => ["campaign", id] as const;

async function fetchCampaign(id: string): Promise<LiveCampaign> {
  const response = await fetch(routes.campaignCounter(id), { cache: "no-store" });
  if (!response.ok) throw new Error(`campaign: HTTP ${response.status}`);
  return (await response.json()) as LiveCampaign;
}

/**
 * The campaign page's live part: "27 of 30 left" (polled), "Claim", and for a winner their
 * number and code. The answer to a claim is the server's, from the one guarded statement:
 * the counter only shows how the race is going.
 */
export function CampaignClaim({ initial, signedIn, drop }: { initial: LiveCampaign; signedIn: boolean; drop?: DropPlaceView }) {
  const client = useQueryClient();
  const { data = initial } = useQuery({
    queryKey: campaignKey(initial.id),
    queryFn: () => fetchCampaign(initial.id),
    initialData: initial,
    refetchInterval: 2_000,
  });
  const [state, claim, pending] = useActionState<ClaimCouponState, FormData>(claimCouponAction, null);
  const trackSubmit = useSubmitFocus(state);
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: campaignKey(initial.id) }), [client, initial.id]);
  useEffect(() => {
    if (state) refresh();
  }, [state, refresh]);

  const won = state?.ok ? { sequence: state.sequence, code: state.code } : data.yours;
  const heldBack = useLineHoldsBack(drop);
  return (
    <div className={styles.claimCard}>
      <p className={styles.left} aria-live="polite" data-testid="campaign-left" data-left={data.left}>
        {data.left > 0 ? `${data.left} of ${data.limit} left` : `All ${data.limit} claimed`}
      </p>
      {data.phase === "upcoming" ? (
        <p>
          <Countdown until={data.startsAt} serverNow={data.now} prefix="Claiming opens in" onZero={refresh} />
        </p>
      ) : null}
      {data.phase === "live" && data.endsAt ? (
        <p className="muted">
          <Countdown until={data.endsAt} serverNow={data.now} prefix="Ends in" onZero={refresh} />
        </p>
      ) : null}
      {won ? (
        <div className={styles.winner} data-testid="claim-result" data-outcome="won" data-sequence={won.sequence}>
          <strong>You were #{won.sequence}!</strong>
          <span>
            Your code: <code className={styles.code}>{won.code}</code>
          </span>
          <span className="muted">
            It is in <Link href={routes.campaigns}>your coupons</Link>; enter it at checkout.
          </span>
        </div>
      ) : heldBack ? (
        <p className="muted" data-testid="drop-gate">
          You can claim a coupon when it&apos;s your turn in the line. <a href={`#drop-${drop?.dropId}`}>See the line</a>
        </p>
      ) : signedIn ? (
        <form action={claim} onSubmit={trackSubmit} className="stack" aria-describedby="claim-status">
          <input type="hidden" name="campaignId" value={initial.id} />
          <Button type="submit" size="large" disabled={pending || data.phase !== "live"} aria-busy={pending || undefined}>
            {pending ? "Claiming…" : "Claim"}
          </Button>
        </form>
      ) : (
        <p>
          <Link href={routes.signInFrom(routes.campaign(initial.id))} className="button button--primary">
            Sign in to claim
          </Link>
        </p>
      )}
      <p
        id="claim-status"
        role="status"
        aria-live="polite"
        tabIndex={-1}
        className={`status ${state?.ok === false ? "status--error" : "status--success"}`}
        data-testid="claim-status"
        data-outcome={state ? (state.ok ? "won" : "refused") : undefined}
      >
        {state?.message}
      </p>
    </div>
  );
}
