"use client";

import { useEffect, useState } from "react";
import { formatRemaining } from "@/components/cart/hold-countdown";

function formatLong(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  return days >= 1 ? `${days} d ${formatRemaining(ms - days * 86_400_000)}` : formatRemaining(ms);
}

/**
 * "Starts in 2:05:00" / "Ends in 14:59". The first render uses the server's clock (same text on
 * both sides of hydration); then it ticks with the browser's clock shifted by the difference
 * measured then, so a skewed client clock does not matter. Calls `onZero` once at zero.
 */
export function Countdown({ until, serverNow, prefix, onZero }: { until: string; serverNow: string; prefix: string; onZero?: () => void }) {
  const end = Date.parse(until);
  const [left, setLeft] = useState(() => end - Date.parse(serverNow));
  useEffect(() => {
    const offset = Date.parse(serverNow) - Date.now();
    let fired = false;
    const tick = () => {
      const remaining = end - (Date.now() + offset);
      setLeft(remaining);
      if (remaining <= 0 && !fired) {
        fired = true;
        onZero?.();
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [end, serverNow, onZero]);
  return (
    <span role="timer" aria-live="off" data-testid="countdown">
      {prefix} {formatLong(Math.max(left, 0))}
    </span>
  );
}
