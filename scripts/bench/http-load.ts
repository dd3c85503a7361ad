// How bench:http measures: autocannon against each target, warmed first and then interleaved
// round by round (A B C A B C ...), so machine noise hits all alike and no target is measured
// on a cold server (the first target on a fresh `next start` runs at about a third of its warm
// rate). Per round it reads from /proc what the CPU did: the app instances' own CPU per answer,
// the rest of ours (database, pooler, balancer) per answer, and the share of the machine that
// other programs took. A round that others disturbed (more than BENCH_HTTP_MAX_OTHERS of the
// machine) is measured again. Linux only (/proc).
import { readFile } from "node:fs/promises";
import os from "node:os";
import autocannon from "autocannon";
import { median } from "@/scripts/bench/drive";

export interface Target {
  title: string;
  options: autocannon.Options;
  /** The app processes that serve it, whose CPU counts as its own: every instance by default. */
  servedBy?: number[];
}

/** A process whose tree is one app instance (next start, with its workers). */
export interface Instance {
  label: string;
  pid: number;
}

export interface Round {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytesPerResponse: number;
  /** CPU of the app instances (user + system) per answer, ms. */
  appCpuMs: number;
  /** CPU of the rest of our processes (database, pooler, balancer) per answer, ms; the load generator excluded. */
  restCpuMs: number;
  /** Share of the machine's CPU that programs other than ours used during the round, %. */
  othersPercent: number;
  /** 1-minute load average at the round's end (ours included). */
  load1: number;
}

export interface TargetSummary {
  target: string;
  rounds: Round[];
  /** Medians over the rounds (p99: the median of the rounds' p99). */
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  bytesPerResponse: number;
  appCpuMs: number;
  restCpuMs: number;
  /** Largest sampled RSS of each instance (its process tree) while this target ran, MiB. */
  peakRssMiB: number[];
  /** Rounds measured again because other programs took too much of the machine. */
  repeated: number;
}

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  rounds: number;
  seconds: number;
  /** Measure a round again when others took more than this share of the machine (%). */
  maxOthersPercent: number;
  /** How many times one round may be measured again before it is kept anyway. */
  maxRepeats: number;
}

export function loadSettingsFromEnv(): LoadSettings {
  const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  return {
    connections: number("BENCH_HTTP_CONNECTIONS", 32),
    warmupSeconds: number("BENCH_HTTP_WARMUP", 3),
    rounds: number("BENCH_HTTP_ROUNDS", 3),
    seconds: number("BENCH_HTTP_SECONDS", 5),
    maxOthersPercent: number("BENCH_HTTP_MAX_OTHERS", 20),
    maxRepeats: 2,
  };
}

const TICK_MS = 10; // USER_HZ = 100 on Linux

async function descendants(pid: number): Promise<number[]> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  const ids = children.split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...(await Promise.all(ids.map(descendants))).flat()];
}

/**
 * CPU time (user + system) of a process and its descendants so far, ms, counting children
 * that have exited and been waited for (a database connection that closed keeps its share).
 */
async function treeCpuMs(rootPid: number, except: number[] = []): Promise<number> {
  let ticks = 0;
  for (const pid of await descendants(rootPid)) {
    if (except.includes(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime, cutime, cstime
    ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  }
  return ticks * TICK_MS;
}

/** Busy CPU time of the whole machine so far (every core), ms. */
async function machineBusyMs(): Promise<number> {
  const line = (await readFile("/proc/stat", "utf8")).split("\n")[0] ?? "";
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * TICK_MS;
}

/** RSS of a process tree now, KiB. */
async function treeRssKiB(rootPid: number): Promise<number> {
  let sum = 0;
  for (const pid of await descendants(rootPid)) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    sum += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  }
  return sum;
}

/** Peak RSS per instance, sampled every 200 ms: over the whole run, and per window. */
export function memorySampler(instances: Instance[]) {
  const overall = instances.map(() => 0);
  let window = instances.map(() => 0);
  const sample = async () => {
    const now = await Promise.all(instances.map((instance) => treeRssKiB(instance.pid)));
    now.forEach((kib, i) => {
      overall[i] = Math.max(overall[i]!, kib);
      window[i] = Math.max(window[i]!, kib);
    });
  };
  const timer = setInterval(() => void sample(), 200);
  const mib = (values: number[]) => values.map((kib) => Math.round(kib / 1024));
  return {
    /** Starts a new window; returns the last one's peaks (MiB per instance). */
    async window(): Promise<number[]> {
      await sample();
      const last = mib(window);
      window = instances.map(() => 0);
      return last;
    },
    overallMiB: () => mib(overall),
    stop: () => clearInterval(timer),
  };
}

/** The CPU the machine spends on other programs, sampled over `ms` while we are idle: a share, %. */
export async function othersBusyPercent(ms = 3_000): Promise<number> {
  const before = [await machineBusyMs(), await treeCpuMs(process.pid)];
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = [await machineBusyMs(), await treeCpuMs(process.pid)];
  return Math.max(0, (after[0]! - before[0]! - (after[1]! - before[1]!)) / (ms * os.cpus().length)) * 100;
}

/** "2.71 3.17 3.24" */
export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/**
 * Waits (up to `maxWaitS`) until other programs use less than `maxPercent` of the machine, so
 * the measurement does not start in the middle of someone's build; says what it found.
 */
export async function waitForQuietMachine(maxPercent: number, maxWaitS = 120): Promise<string> {
  const deadline = Date.now() + maxWaitS * 1000;
  for (;;) {
    const busy = await othersBusyPercent();
    const note = `other programs used ${busy.toFixed(0)}% of the machine (load ${loadAverage()})`;
    if (busy <= maxPercent) return note;
    if (Date.now() > deadline) return `${note}: still busy after ${maxWaitS} s, measuring anyway`;
    process.stderr.write(`  waiting for a quieter machine: ${note}\n`);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}

async function measure(target: Target, settings: LoadSettings, seconds: number, instances: Instance[]): Promise<Round> {
  const appPids = instances.map((instance) => instance.pid);
  const servers = target.servedBy ?? appPids;
  const cpuOf = async (pids: number[]) => (await Promise.all(pids.map((pid) => treeCpuMs(pid)))).reduce((a, b) => a + b, 0);
  // Ours except the app and this process (the load generator): the database, pooler, balancer.
  const restCpu = async () => treeCpuMs(process.pid, [process.pid, ...(await Promise.all(appPids.map(descendants))).flat()]);
  const selfCpu = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const sample = async () => ({
    machine: await machineBusyMs(),
    served: await cpuOf(servers),
    app: await cpuOf(appPids),
    rest: await restCpu(),
    self: selfCpu(),
    at: performance.now(),
  });
  const before = await sample();
  const result = await autocannon({ connections: settings.connections, duration: seconds, ...target.options });
  const after = await sample();
  const answers = Math.max(1, result.requests.total);
  const ours = after.app - before.app + (after.rest - before.rest) + (after.self - before.self);
  const others = after.machine - before.machine - ours;
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerResponse: Math.round(result.throughput.total / answers),
    appCpuMs: (after.served - before.served) / answers,
    restCpuMs: (after.rest - before.rest) / answers,
    othersPercent: Math.max(0, (others / ((after.at - before.at) * os.cpus().length)) * 100),
    load1: os.loadavg()[0]!,
  };
}

/** Every target warmed, then `rounds` interleaved rounds; a disturbed round is measured again. */
export async function interleave(targets: Target[], settings: LoadSettings, instances: Instance[]): Promise<TargetSummary[]> {
  const memory = memorySampler(instances);
  const rounds = new Map<string, Round[]>(targets.map((t) => [t.title, []]));
  const peaks = new Map<string, number[]>(targets.map((t) => [t.title, instances.map(() => 0)]));
  const repeats = new Map<string, number>(targets.map((t) => [t.title, 0]));
  try {
    for (const target of targets) {
      process.stderr.write(`  warm-up ${settings.warmupSeconds}s: ${target.title}\n`);
      await autocannon({ connections: settings.connections, duration: settings.warmupSeconds, ...target.options });
    }
    for (let round = 1; round <= settings.rounds; round++) {
      for (const target of targets) {
        for (let attempt = 0; ; attempt++) {
          await memory.window();
          const measured = await measure(target, settings, settings.seconds, instances);
          const peak = await memory.window();
          peaks.set(
            target.title,
            peaks.get(target.title)!.map((mib, i) => Math.max(mib, peak[i] ?? 0)),
          );
          const line = `  round ${round}/${settings.rounds} ${target.title}: ${measured.requestsPerSecond}/s, p99 ${measured.p99} ms, others ${measured.othersPercent.toFixed(0)}%, load ${measured.load1.toFixed(2)}`;
          if (measured.othersPercent > settings.maxOthersPercent && attempt < settings.maxRepeats) {
            process.stderr.write(`${line}: disturbed, measuring again\n`);
            repeats.set(target.title, repeats.get(target.title)! + 1);
            continue;
          }
          process.stderr.write(`${line}\n`);
          rounds.get(target.title)!.push(measured);
          break;
        }
      }
    }
  } finally {
    memory.stop();
  }
  return targets.map((target) => summarize(target.title, rounds.get(target.title)!, peaks.get(target.title)!, repeats.get(target.title)!));
}

function summarize(title: string, rounds: Round[], peakRssMiB: number[], repeated: number): TargetSummary {
  const mid = (pick: (round: Round) => number) => median(rounds.map(pick));
  return {
    target: title,
    rounds,
    requestsPerSecond: Math.round(mid((r) => r.requestsPerSecond)),
    p50: mid((r) => r.p50),
    p99: mid((r) => r.p99),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    bytesPerResponse: Math.round(mid((r) => r.bytesPerResponse)),
    appCpuMs: mid((r) => r.appCpuMs),
    restCpuMs: mid((r) => r.restCpuMs),
    peakRssMiB,
    repeated,
  };
}
