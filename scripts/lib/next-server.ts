// Starts `next start` (or `next dev`) as a child process with the settings the app reads.
import { spawn, type ChildProcess } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { projectRoot } from "@/scripts/lib/schema-engine";

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

export interface NextServerOptions {
  mode: "start" | "dev";
  port: number;
  env: Record<string, string | undefined>;
  label?: string;
}

export function spawnNext(options: NextServerOptions): ChildProcess {
  const child = spawn(process.execPath, [nextBin, options.mode, "--port", String(options.port)], {
    cwd: projectRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = options.label ? `[${options.label}] ` : "";
  child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(prefix + chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(prefix + chunk.toString()));
  return child;
}

export function runNextBuild(env: Record<string, string | undefined> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: projectRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: "inherit",
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

// What a build is made from: a change to any of these makes the build in NEXT_DIST_DIR stale.
const BUILD_INPUTS = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.js", "package-lock.json"];

async function newestChange(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(entry);
  const times = await Promise.all(children.map((child) => newestChange(path.join(entry, child))));
  return Math.max(info.mtimeMs, ...times);
}

/** Whether `distDir` holds a build made after the last change to the app's sources (so a launcher may reuse it). */
export async function buildIsCurrent(distDir: string): Promise<boolean> {
  const built = await stat(path.join(projectRoot, distDir, "BUILD_ID")).catch(() => null);
  if (!built) return false;
  const changes = await Promise.all(BUILD_INPUTS.map((input) => newestChange(path.join(projectRoot, input))));
  return Math.max(...changes) <= built.mtimeMs;
}
