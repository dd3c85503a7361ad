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

/**
 * "14:05" (or "Sun 23 Nov, 14:05" with the day) in the browser's own time zone. Rendered only in the browser (the server does not
 * know the customer's zone), so server and client HTML agree during hydration.
 */
export function LocalClock({ iso, withDay = false }: { iso: string; withDay?: boolean }) {
  const text = useSyncExternalStore(
    noSubscription,
    () =>
      new Date(iso).toLocaleString([], withDay ? { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" } : { hour: "2-digit", minute: "2-digit" }),
    () => null,
  );
  return <time dateTime={iso}>{text}</time>;
}

interface HoldCountdownProps {
  /** ISO time the hold ends, from the database. */
  expiresAt: string;
  /** The database's clock when the page was rendered: corrects a browser whose clock is off. */
  serverNow: string;
  onExpire?: () => void;
}

/**
 * A live "12:34 left". The first render uses the server's clock only (same text on server
 * and client, no hydration mismatch); after mounting it ticks with the browser's clock
 * shifted by the difference measured then, so a skewed client clock does not matter.
 */
export function HoldCountdown({ expiresAt, serverNow, onExpire }: HoldCountdownProps) {
  const end = Date.parse(expiresAt);
  const [remaining, setRemaining] = useState(() => end - Date.parse(serverNow));
  const expired = useRef(false);
  const onExpireRef = useRef(onExpire);
  useEffect(() => {
    onExpireRef.current = onExpire;
  }, [onExpire]);

  useEffect(() => {
    const offset = Date.parse(serverNow) - Date.now();
    expired.current = false;
    const tick = () => {
      const left = end - (Date.now() + offset);
      setRemaining(left);
      if (left <= 0 && !expired.current) {
        expired.current = true;
        onExpireRef.current?.();
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [end, serverNow]);

  if (remaining <= 0) return <span data-testid="hold-countdown" data-expired="true">hold expired</span>;
  return (
    <span data-testid="hold-countdown" role="timer" aria-live="off">
      {formatRemaining(remaining)} left
    </span>
  );
}
