// Secrets for a local run: taken from the environment when set, otherwise generated once
// and kept in .data/secrets.json, so sessions and contact claims (HMAC-keyed) survive restarts.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "./schema-engine";

const NAMES = ["CRON_SECRET", "CONTACT_HMAC_SECRET", "NEXTAUTH_SECRET"] as const;
export type LocalSecrets = Record<(typeof NAMES)[number], string>;

export async function loadLocalSecrets(): Promise<LocalSecrets> {
  const file = path.join(projectRoot, ".data", "secrets.json");
  const stored = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as Partial<LocalSecrets>;
  const secrets = {} as LocalSecrets;
  let changed = false;
  for (const name of NAMES) {
    const value = process.env[name] ?? stored[name];
    if (value) {
      secrets[name] = value;
    } else {
      secrets[name] = randomBytes(32).toString("base64url");
      changed = true;
    }
  }
  if (changed) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ ...stored, ...secrets }, null, 2), { mode: 0o600 });
  }
  return secrets;
}
