"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";

/** 3725000 -> "1:02:05", 65000 -> "1:05". */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

const noSubscription = () => () => undefined;

/** "Sun 23 Nov, 14:05"; with the year when it is not this year's ("Mon 3 Nov 2025, 09:12"). */
function dayFormat(date: Date): Intl.DateTimeFormatOptions {
  const thisYear = date.getFullYear() === new Date().getFullYear();
  return {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: thisYear ? undefined : "numeric",
    hour: "2-digit",
    minute: "2-digit",
  };
}

/**
 * "14:05" (or "Sun 23 Nov, 14:05" with the day, and the year when it is another year's) in the
 * browser's own locale and time zone: the one time format of the whole shop. Rendered only in the browser (the server does not
 * know the customer's zone), so server and client HTML agree during hydration.
 */
export function LocalClock({ iso, withDay = false }: { iso: string; withDay?: boolean }) {
  const text = useSyncExternalStore(
    noSubscription,
    () => new Date(iso).toLocaleString([], withDay ? dayFormat(new Date(iso)) : { hour: "2-digit", minute: "2-digit" }),
    () => null,
  );
  return <time dateTime={iso}>{text}</time>;
}

/** When a countdown turns into a warning: five minutes before the end. */
export const HOLD_WARNING_MS = 5 * 60_000;

interface HoldCountdownProps {
  /** ISO time the hold ends, from the database. */
  expiresAt: string;
  /** The database's clock when the page was rendered. */
  serverNow: string;
  onExpire?: () => void;
  /** Warn (visibly, and once to screen readers) this long before the end; 0 turns it off. */
  warnBefore?: number;
  /** What the warning says, e.g. "Less than 5 minutes left on your hold". */
  warning?: string;
  /** What it says at zero. */
  expiredText?: string;
}

/**
 * Time left until `expiresAt` by two clocks, trusting whichever says LESS:
 * - the server's: what was left when the page was rendered, minus the time since it mounted.
 *   Right even when the browser's clock is off, but it overstates by however long the page
 *   took to arrive (a slow hydration, a tab restored from the back-forward cache, an old
 *   router-cache payload: the "1:00:01 left for a 1 h hold" bug).
 * - the browser's: expiresAt minus the browser's own clock. Right whenever the clock is.
 * The smaller one never promises time that is not there: a customer may be hurried a little
 * by a fast clock, never told a hold lasts longer than it does.
 */
function remainingMs(end: number, renderRemaining: number, mountedAt: number): number {
  const byServer = renderRemaining - (performance.now() - mountedAt);
  const byBrowser = end - Date.now();
  return Math.min(byServer, byBrowser);
}

/**
 * A live "12:34 left". The first render shows the server's figure (same text on server and
 * client, no hydration mismatch); after mounting it ticks every second, and at once when the
 * tab becomes visible again or is restored from the back-forward cache.
 */
export function HoldCountdown({
  expiresAt,
  serverNow,
  onExpire,
  warnBefore = HOLD_WARNING_MS,
  warning,
  expiredText = "hold expired",
}: HoldCountdownProps) {
  const end = Date.parse(expiresAt);
  const renderRemaining = end - Date.parse(serverNow);
  const [remaining, setRemaining] = useState(renderRemaining);
  // Announced once, and only when the countdown crosses the line while someone is on the page
  // (a hold that starts short is shown in the warning colour without an announcement).
  const [announce, setAnnounce] = useState(false);
  const expired = useRef(false);
  const onExpireRef = useRef(onExpire);
  useEffect(() => {
    onExpireRef.current = onExpire;
  }, [onExpire]);

  useEffect(() => {
    const mountedAt = performance.now();
    let previous = Infinity;
    expired.current = false;
    const tick = () => {
      const left = remainingMs(end, renderRemaining, mountedAt);
      setRemaining(left);
      if (warnBefore > 0 && previous > warnBefore && left <= warnBefore && left > 0 && Number.isFinite(previous)) setAnnounce(true);
      previous = left;
      if (left <= 0 && !expired.current) {
        expired.current = true;
        onExpireRef.current?.();
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    const onShow = () => {
      if (document.visibilityState === "visible") tick();
    };
    document.addEventListener("visibilitychange", onShow);
    window.addEventListener("pageshow", onShow);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onShow);
      window.removeEventListener("pageshow", onShow);
    };
  }, [end, renderRemaining, warnBefore]);

  if (remaining <= 0)
    return (
      <span data-testid="hold-countdown" data-expired="true">
        {expiredText}
      </span>
    );
  const warn = warnBefore > 0 && remaining <= warnBefore;
  return (
    <>
      <span
        data-testid="hold-countdown"
        role="timer"
        aria-live="off"
        data-warning={warn || undefined}
        className={warn ? "countdown--warning" : undefined}
      >
        {formatRemaining(remaining)} left
      </span>
      {/* Always in the DOM so screen readers know the region before its one message arrives. */}
      <span role="status" className="visually-hidden" data-testid="hold-warning">
        {announce ? (warning ?? "Less than 5 minutes left.") : ""}
      </span>
    </>
  );
}
