"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useActionState, useCallback, useEffect, useRef, useState } from "react";
import { HoldCountdown, LocalClock } from "@/components/cart/hold-countdown";
import { Countdown } from "@/components/discounts/countdown";
import styles from "@/components/drops/drops.module.css";
import { dropPlaceKey, useDropPlace } from "@/components/drops/use-drop-place";
import { Button } from "@/components/ui/button";
import { joinDropAction, type JoinDropState } from "@/lib/actions/drops";
import type { DropPlaceView, DropTurn } from "@/lib/drops/place";
import { routes } from "@/lib/routes";

/** "under a minute", "about 4 min", "about 1 h 20 min". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return "under a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const TURN_WARNING_MS = 60_000;

/** What a change of turn says to a screen reader, once: being let in, and the turn running out. */
function announcementFor(previous: DropTurn["state"] | undefined, turn: DropTurn, doing: string): string | null {
  if (turn.state === "admitted" && previous !== "admitted") return `It's your turn: you can ${doing} now.`;
  if (turn.state === "over" && previous === "admitted" && !turn.used) return "Your turn is over: the next in line has it now.";
  return null;
}

/**
 * A drop's waiting line on the product (or campaign) page: join it, see the place and the
 * number ahead count down, and be told when it is your turn and a minute before the turn ends.
 * The place is the server's (one per account, so every tab and device shows the same), polled
 * at the pace the server sets; nothing about the line is decided here.
 */
export function DropPanel({
  initial,
  title,
  signedIn,
  doing = "buy",
}: {
  initial: DropPlaceView;
  title: string;
  signedIn: boolean;
  /** What the turn lets the shopper do: "buy" (a flash sale) or "claim a coupon" (a campaign). */
  doing?: string;
}) {
  const client = useQueryClient();
  const { data: place = initial } = useDropPlace(initial.dropId, initial);
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: dropPlaceKey(initial.dropId) }), [client, initial.dropId]);
  // At the opening and the start every open page asks at once: spread over a few seconds.
  const refreshSoon = useCallback(() => void setTimeout(refresh, Math.random() * 5_000), [refresh]);

  // Announced once per change of turn while someone is on the page (a page opened mid-turn just shows it).
  const [announcement, setAnnouncement] = useState("");
  const previous = useRef<DropTurn["state"] | undefined>(initial.turn.state);
  useEffect(() => {
    const said = announcementFor(previous.current, place.turn, doing);
    previous.current = place.turn.state;
    if (said) setAnnouncement(said);
  }, [place.turn, doing]);

  // After joining, the join form gives way to the place: focus moves to the panel's heading and
  // the answer is announced there.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const onJoined = useCallback(
    (message: string) => {
      setAnnouncement(message);
      headingRef.current?.focus();
      refresh();
    },
    [refresh],
  );

  const turn = place.turn;
  return (
    <section
      className={styles.panel}
      id={`drop-${place.dropId}`}
      aria-labelledby={`drop-title-${place.dropId}`}
      data-testid="drop-panel"
      data-phase={place.phase}
      data-turn={turn.state}
      data-place={"place" in turn ? turn.place : undefined}
    >
      <h2 className={styles.title} id={`drop-title-${place.dropId}`} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {place.phase === "upcoming" ? (
        <p>
          <Countdown until={place.opensAt} serverNow={place.now} prefix="The line opens in" onZero={refreshSoon} />. The drop starts at{" "}
          <LocalClock iso={place.startsAt} withDay />; everyone in the line by then gets a place at random, so there is no need to rush.
        </p>
      ) : null}
      {place.phase === "open" ? <OpenLine place={place} onStart={refreshSoon} /> : null}
      {place.phase === "running" ? <RunningLine place={place} doing={doing} onTurnOver={refresh} /> : null}
      {place.phase === "ended" ? <p className={styles.note}>This drop has ended.</p> : null}
      {(place.phase === "open" || place.phase === "running") && turn.state === "out" ? (
        <JoinLine dropId={place.dropId} signedIn={signedIn} onJoined={onJoined} />
      ) : null}
      <p role="status" aria-live="assertive" className="visually-hidden" data-testid="drop-announcement">
        {announcement}
      </p>
    </section>
  );
}

function OpenLine({ place, onStart }: { place: DropPlaceView; onStart: () => void }) {
  const starts = <Countdown until={place.startsAt} serverNow={place.now} prefix="The drop starts in" onZero={onStart} />;
  if (place.turn.state === "out") {
    return (
      <p>
        {starts}. Everyone who joins before the start gets a place at random when it starts: joining early gives no edge, and neither does
        refreshing.
      </p>
    );
  }
  return (
    <>
      <p className={styles.turn} data-testid="drop-turn">
        You&apos;re in the line.
      </p>
      <p>
        {starts}. Then everyone who joined before it gets a place at random. Your place is kept for your account: this page, another tab or
        your phone all show it.
      </p>
    </>
  );
}

function RunningLine({ place, doing, onTurnOver }: { place: DropPlaceView; doing: string; onTurnOver: () => void }) {
  const turn = place.turn;
  switch (turn.state) {
    case "out":
      return (
        <p data-testid="drop-line-size">
          {place.waiting
            ? `${place.waiting.toLocaleString("en")} waiting · ${formatWait((place.waiting * 60) / place.admitPerMinute)} to get through`
            : "Nobody is waiting: join, and it's your turn at once."}
        </p>
      );
    case "joined":
      return <p data-testid="drop-turn">Your place is being drawn…</p>;
    case "waiting":
      return (
        <>
          <p className={styles.place} data-testid="drop-place" data-place={turn.place} data-ahead={turn.ahead}>
            You&apos;re number {turn.place.toLocaleString("en")}
          </p>
          <dl className={styles.facts}>
            <div className={styles.fact}>
              <dt>Ahead of you</dt>
              <dd data-testid="drop-ahead">{turn.ahead.toLocaleString("en")}</dd>
            </div>
            <div className={styles.fact}>
              <dt>Your turn in</dt>
              <dd>{formatWait(turn.estimatedWaitSeconds)}</dd>
            </div>
            <div className={styles.fact}>
              <dt>Let in</dt>
              <dd>{place.admitPerMinute.toLocaleString("en")} a minute</dd>
            </div>
          </dl>
          <p className={styles.note}>
            Keep this page open or come back later: your place is kept, and we&apos;ll tell you when it&apos;s your turn.
          </p>
        </>
      );
    case "admitted":
      return (
        <>
          <p className={styles.turn} data-testid="drop-turn">
            It&apos;s your turn!
          </p>
          <p>
            You can {doing} until <LocalClock iso={turn.until} /> (
            <HoldCountdown
              expiresAt={turn.until}
              serverNow={place.now}
              warnBefore={TURN_WARNING_MS}
              warning="Less than a minute left in your turn."
              expiredText="your turn is over"
              onExpire={onTurnOver}
            />
            ).
          </p>
        </>
      );
    case "over":
      return (
        <p data-testid="drop-turn">
          {turn.used ? (
            "Your turn is done: it was used."
          ) : (
            <>
              Your turn ended at <LocalClock iso={turn.endedAt} />. The next in line has it now.
            </>
          )}
        </p>
      );
  }
}

function JoinLine({ dropId, signedIn, onJoined }: { dropId: string; signedIn: boolean; onJoined: (message: string) => void }) {
  const pathname = usePathname();
  const [state, join, pending] = useActionState<JoinDropState, FormData>(joinDropAction, null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!state) return;
    if (state.ok) onJoined(state.message ?? "You're in the line.");
    else statusRef.current?.focus();
  }, [state, onJoined]);
  if (!signedIn) {
    return (
      <p>
        <Link href={routes.signInToJoinLine(pathname, dropId)} className="button button--primary">
          Sign in to join the line
        </Link>
      </p>
    );
  }
  return (
    <form action={join} aria-describedby={`join-status-${dropId}`} data-testid="join-line">
      <input type="hidden" name="dropId" value={dropId} />
      <Button type="submit" size="large" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Joining…" : "Join the line"}
      </Button>
      <p id={`join-status-${dropId}`} ref={statusRef} role="status" aria-live="polite" tabIndex={-1} className={styles.status}>
        {state?.ok === false ? (
          <span className={styles.problem}>
            {state.message} {state.signIn ? <Link href={routes.signInToJoinLine(pathname, dropId)}>Sign in</Link> : null}
          </span>
        ) : null}
        {state?.ok ? state.message : null}
      </p>
    </form>
  );
}
