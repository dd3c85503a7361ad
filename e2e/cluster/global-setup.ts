// Starts the cluster once for the cluster specs and hands them its addresses (environment
// variables reach the test workers). Returns the teardown that stops every process.
import { existsSync } from "node:fs";
import path from "node:path";
import type { ClusterTopology } from "@/e2e/cluster/topology";
import { startCluster } from "@/scripts/lib/cluster";
import { runNextBuild } from "@/scripts/lib/next-server";
import { projectRoot } from "@/scripts/lib/schema-engine";

// E2E_CLUSTER_PORT: nginx's port, the instances and the payment simulator above it;
// E2E_CLUSTER_DB_PORT: the first of the databases' and PgBouncer's ports. Any free ones otherwise.
const portFrom = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

export default async function globalSetup(): Promise<() => Promise<void>> {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(projectRoot, distDir, "BUILD_ID"))) await runNextBuild({ NEXT_DIST_DIR: distDir });
  const port = portFrom("E2E_CLUSTER_PORT");
  const dbPort = portFrom("E2E_CLUSTER_DB_PORT");
  const startedAt = Date.now();
  const cluster = await startCluster({
    instances: 3,
    distDir,
    ...(port === undefined ? {} : { port, httpPorts: { from: port + 1, to: port + 20 } }),
    ...(dbPort === undefined ? {} : { databasePorts: { from: dbPort, to: dbPort + 20 } }),
    secrets: {
      CRON_SECRET: "cluster-cron-secret-0123456789",
      CONTACT_HMAC_SECRET: "cluster-contact-secret-0123456789",
      NEXTAUTH_SECRET: "cluster-nextauth-secret-0123456789",
    },
    // Every browser comes from 127.0.0.1: the per-address limits would stop a race of sign-ups.
    env: { SIGN_UP_LIMIT_PER_IP: "100000", SIGN_IN_LIMIT_PER_IP: "100000", DROP_JOIN_LIMIT_PER_IP: "100000" },
    log: (line) => (/error|FATAL|PANIC/i.test(line) ? console.error(`[cluster] ${line}`) : undefined),
  });
  console.log(`[cluster] started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s at ${cluster.url}`);
  const topology: ClusterTopology = {
    url: cluster.url,
    instances: cluster.instances.map((instance) => instance.url),
    directUrl: cluster.directUrl,
  };
  process.env.CLUSTER_TOPOLOGY = JSON.stringify(topology);
  return () => cluster.stop();
}
