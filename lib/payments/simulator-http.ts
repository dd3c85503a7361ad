// The wire format of the simulator: Stripe's form-encoded requests in, Stripe's JSON bodies and
// error envelopes out, so the official SDK parses every answer exactly as it parses Stripe's.
import { randomBytes } from "node:crypto";

/** One answer of the simulated API, before it becomes a fetch Response. */
export interface ApiReply {
  status: number;
  body: unknown;
  /** The simulator recorded the outcome, but the caller never hears it (a timeout). */
  lost?: boolean;
}

export type Params = Record<string, unknown>;

/** `metadata[order_id]=1&expand[0]=payment_method` -> `{ metadata: { order_id: "1" }, expand: ["payment_method"] }`. */
export function parseForm(encoded: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = key.split(/\[|\]\[|\]/).filter((part, index) => index === 0 || part !== "");
    let node: Record<string, unknown> = root;
    path.forEach((part, index) => {
      const last = index === path.length - 1;
      if (last) {
        node[part] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[index + 1] ?? "");
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

/** Parameters in a stable order, so a replayed request compares equal to its first sending. */
export function fingerprint(params: Params): string {
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, inner]) => [key, sort(inner)]),
      );
    }
    return value;
  };
  return JSON.stringify(sort(params));
}

/** Ids shaped like Stripe's (`pi_3Q...`), unique across processes and restarts. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "0")}`;
}

export const nowSeconds = (now: number) => Math.floor(now / 1000);

export function ok(body: unknown): ApiReply {
  return { status: 200, body };
}

export function invalidRequest(message: string, details: { code?: string; param?: string; status?: number } = {}): ApiReply {
  const { status = 400, ...rest } = details;
  return { status, body: { error: { type: "invalid_request_error", message, ...rest } } };
}

export function missing(resource: string, id: string, param = "id"): ApiReply {
  return invalidRequest(`No such ${resource}: '${id}'`, { code: "resource_missing", param, status: 404 });
}

export function idempotencyError(key: string, reason: "params" | "endpoint"): ApiReply {
  const message =
    reason === "params"
      ? `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`
      : `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${key}').`;
  return { status: 400, body: { error: { type: "idempotency_error", message } } };
}

export function serverError(): ApiReply {
  return { status: 500, body: { error: { type: "api_error", message: "An unknown error occurred (simulated)." } } };
}

/** A network failure as the SDK's fetch client reports it; `code` decides how the SDK words it. */
export function networkError(code: "ETIMEDOUT" | "ECONNREFUSED"): Error {
  const error = new TypeError(code === "ETIMEDOUT" ? "ETIMEDOUT" : "fetch failed (simulated: connection refused)");
  (error as Error & { code: string }).code = code;
  return error;
}

export function toResponse(reply: ApiReply, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(reply.body), {
    status: reply.status,
    headers: { "content-type": "application/json", "request-id": newId("req"), ...headers },
  });
}

/** The body of a request as the SDK's fetch client sends it (a string, or nothing for GET). */
export async function bodyText(body: RequestInit["body"]): Promise<string> {
  if (body == null) return "";
  if (typeof body === "string") return body;
  return new Response(body).text();
}

/** Header lookup over the shapes fetch accepts; the SDK sends an array of pairs. */
export function headerValue(headers: HeadersInit | undefined, name: string): string | null {
  return new Headers(headers).get(name);
}
