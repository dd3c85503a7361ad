// Starts `next start` (or `next dev`) as a child process with the settings the app reads.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
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
