import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cronJobs } from "@/lib/routes";
import { startSweepTimer } from "@/scripts/lib/sweep-timer";

// A stand-in for the app's cron routes: records each call and answers like withCron does.
const calls: { path: string; authorization: string | undefined }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    calls.push({ path: request.url ?? "", authorization: request.headers.authorization });
    const ok = request.headers.authorization === "Bearer timer-secret";
    response.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    response.end(
      JSON.stringify(ok ? { ok: true, expiredHolds: request.url?.includes("release") ? 2 : 0, batches: 1, ms: 3 } : { ok: false }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the local sweep timer", () => {
  it("calls every cron route with the bearer secret on each tick, logs what they did, and stops", async () => {
    const lines: string[] = [];
    const stop = startSweepTimer({ baseUrl, cronSecret: "timer-secret", intervalMs: 100, log: (line) => lines.push(line) });
    // Two full ticks, however slowly a busy machine answers: a fixed 350 ms wait made only 1 to
    // 8 of the 12 calls on a loaded 2-core machine once there were six routes.
    const deadline = Date.now() + 10_000;
    while (calls.length < cronJobs.length * 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    stop();
    const made = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(calls.length).toBe(made);

    expect(made).toBeGreaterThanOrEqual(cronJobs.length * 2);
    expect(new Set(calls.map((call) => call.path))).toEqual(new Set(cronJobs.map((job) => job.path)));
    expect(calls.every((call) => call.authorization === "Bearer timer-secret")).toBe(true);
    // Only sweeps that did something are logged, without the bookkeeping fields.
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line === "sweep release-holds: expiredHolds=2")).toBe(true);
  });

  it("reports a refused secret once, not on every tick", async () => {
    const lines: string[] = [];
    const stop = startSweepTimer({ baseUrl, cronSecret: "wrong", intervalMs: 50, log: (line) => lines.push(line) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop();
    expect(lines.filter((line) => line.includes("HTTP 401"))).toHaveLength(cronJobs.length);
    expect(lines[0]).toMatch(/^sweep release-holds: HTTP 401/);
  });
});
