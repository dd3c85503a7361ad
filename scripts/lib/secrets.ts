// Secrets for a local run: taken from the environment when set, otherwise generated once
// and kept in .data/secrets.json, so sessions and contact claims (HMAC-keyed) survive restarts.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "@/scripts/lib/schema-engine";

const NAMES = ["CRON_SECRET", "CONTACT_HMAC_SECRET", "NEXTAUTH_SECRET"] as const;
export type LocalSecrets = Record<(typeof NAMES)[number], string>;

export async function loadLocalSecrets(): Promise<LocalSecrets> {
  const file = path.join(projectRoot, ".data", "secrets.json");
  const stored = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as Partial<LocalSecrets>;
  const secrets = {} as LocalSecrets;
  // Only what we generate is kept: a value given in the environment is used for this run and
  // never written down (a run with a deliberately bad one must not poison the next run).
  const generated: Partial<LocalSecrets> = {};
  for (const name of NAMES) {
    const value = process.env[name] ?? stored[name];
    if (value) {
      secrets[name] = value;
    } else {
      secrets[name] = generated[name] = randomBytes(32).toString("base64url");
    }
  }
  if (Object.keys(generated).length > 0) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ ...stored, ...generated }, null, 2), { mode: 0o600 });
  }
  return secrets;
}
