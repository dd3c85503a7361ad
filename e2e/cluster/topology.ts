// What the cluster's global setup tells the specs: where nginx, each instance and the primary are.
export interface ClusterTopology {
  /** nginx, round robin over the instances. */
  url: string;
  /** Each `next start` instance directly. */
  instances: string[];
  /** The primary PostgreSQL itself (not PgBouncer): the specs' own checks and the audit. */
  directUrl: string;
}

export function clusterTopology(): ClusterTopology {
  const text = process.env.CLUSTER_TOPOLOGY;
  if (!text) throw new Error("CLUSTER_TOPOLOGY is not set: run these specs with playwright.cluster.config.ts");
  return JSON.parse(text) as ClusterTopology;
}
