// Errors that mean "the database could not be reached or answered in time", as opposed to a
// bug or a refused statement: the app answers them with "try again" instead of an error page.
// Nothing was committed when they are thrown from inside a transaction.
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, recovering)
  "08000",
  "08003",
  "08006", // connection failures
  "P1001", // Prisma: can't reach database server
  "P1017", // Prisma: server closed the connection
  "P2024", // Prisma: timed out fetching a connection from the pool
  "P2028", // Prisma: transaction API error (could not start, or expired)
]);
const TRANSIENT_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TransactionAlreadyClosed"]);
const TRANSIENT_MESSAGES =
  /Connection terminated|Unable to start a transaction|Transaction already closed|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection/i;

export function isTransientDbError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 6; depth++) {
    if (typeof current !== "object") break;
    const candidate = current as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
    };
    const adapterCause = candidate.meta?.driverAdapterError?.cause;
    for (const code of [candidate.code, adapterCause?.originalCode]) if (typeof code === "string" && TRANSIENT_CODES.has(code)) return true;
    for (const kind of [candidate.kind, adapterCause?.kind]) if (typeof kind === "string" && TRANSIENT_KINDS.has(kind)) return true;
    if (typeof candidate.message === "string" && TRANSIENT_MESSAGES.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}
