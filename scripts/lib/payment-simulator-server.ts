// The payment simulator as a server of its own, shared by every app instance: plain node http
// in front of the same PaymentSimulator the app otherwise keeps in its memory. Instances point
// the real Stripe SDK at it (PAYMENT_SIMULATOR_URL), so behind a load balancer instance 2 knows
// instance 1's PaymentIntents and idempotency keys, as with Stripe: a recovery sweep on any
// instance asks the one place that knows whether a payment was charged.
//   /v1/...                               Stripe's API subset (lib/payments/simulator.ts)
//   POST /simulator/challenges/<intent>   the customer's answer to the bank's check: {"passed": true}
//   GET  /simulator/payment-intents       every simulated payment (tests: "captured at most once")
// Webhooks are signed with the shared STRIPE_WEBHOOK_SECRET and POSTed to the shop's
// /api/webhooks/stripe (through the load balancer); anything but a 2xx is retried with backoff.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PaymentSimulator } from "@/lib/payments/simulator";
import { CHALLENGE_ROUTE } from "@/lib/payments/simulator-client";

export interface SimulatorServerOptions {
  port: number;
  /** The shop's webhook endpoint, e.g. http://127.0.0.1:3000/api/webhooks/stripe. */
  webhookUrl: string;
  webhookSecret: string;
  /** How long a "confirms later" card stays processing (ms). */
  settleAfterMs: number;
  log?: (line: string) => void;
}

export interface SimulatorServer {
  url: string;
  simulator: PaymentSimulator;
  stop(): Promise<void>;
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const log = options.log ?? (() => undefined);
  const simulator = new PaymentSimulator({ webhookSecret: options.webhookSecret, settleAfterMs: options.settleAfterMs, autoDeliver: true });
  simulator.setWebhookSink(async ({ payload, signature, event }) => {
    const response = await fetch(options.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) {
      log(`webhook ${event.type} ${event.id}: HTTP ${response.status}, will retry`);
      throw new Error(`webhook answered ${response.status}`);
    }
  });

  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://simulator.local");
      const body = await readBody(request);
      if (request.method === "POST" && url.pathname.startsWith(CHALLENGE_ROUTE)) {
        const intentId = decodeURIComponent(url.pathname.slice(CHALLENGE_ROUTE.length));
        const passed = (JSON.parse(body || "{}") as { passed?: unknown }).passed === true;
        const answered = simulator.answerChallenge(intentId, passed);
        return answered ? sendJson(response, 200, answered) : sendJson(response, 404, { error: "no such payment waits for a check" });
      }
      if (request.method === "GET" && url.pathname === "/simulator/payment-intents") {
        return sendJson(response, 200, simulator.paymentIntents());
      }
      if (!url.pathname.startsWith("/v1/")) return sendJson(response, 404, { error: "not a route of the payment simulator" });
      const headers = Object.entries(request.headers).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value] as [string, string]],
      );
      let answer: Response;
      try {
        answer = await simulator.fetch(url.toString(), { method: request.method, headers, ...(body ? { body } : {}) });
      } catch {
        // The simulator lost this answer on purpose: so does the wire, with bytes that are no HTTP
        // answer. (A bare reset would not do: the SDK retries a reset connection once, even with
        // retries off, and the idempotent replay would then answer.)
        request.socket.end("LOST\r\n\r\n");
        return;
      }
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(await answer.text());
    })().catch((error: unknown) => {
      log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { error: { type: "api_error", message: "simulator failure" } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    simulator,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
