// The built app's server action ids by exported name, from the build the e2e servers run
// (NEXT_DIST_DIR): what a browser's form sends in its Next-Action header.
import { readFile } from "node:fs/promises";
import path from "node:path";

export async function actionId(exportedName: string): Promise<string> {
  const manifestPath = path.resolve(process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { node: Record<string, { exportedName?: string }> };
  const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName)?.[0];
  if (!id) throw new Error(`${exportedName} is not in ${manifestPath}`);
  return id;
}
