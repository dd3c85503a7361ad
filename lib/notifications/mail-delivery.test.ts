// The outbox delivered as e-mail to a real SMTP server (smtp-server, on a free port in this
// process) through the transport SMTP_URL configures: what arrives, what a permanent refusal
// and a dropped connection leave behind, and that concurrent sweeps send each message once.
import type { Socket } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { requestPasswordReset } from "@/lib/accounts/password-reset";
import { Prisma } from "@/lib/db/prisma";
import { deliverNotifications } from "@/lib/notifications/deliver";
import { devMailPageEnabled } from "@/lib/notifications/dev-outbox";
import { notify, type NotificationKind } from "@/lib/notifications/outbox";
import { hasDeliveryTransport } from "@/lib/notifications/transport";
import { createTestUser } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

const ORIGIN = "https://shop.example.test";

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** How the server answers: every test sets what it needs. */
const server = {
  received: [] as Received[],
  /** RCPT TO answers for addresses starting with these: [code, text]. */
  refuse: new Map<string, [number, string]>(),
  /** Drop the connection in the middle of the next message(s). */
  dropNext: 0,
  /** Milliseconds each message takes to accept (lets sweeps overlap). */
  delayMs: 0,
  rcptCalls: new Map<string, number>(),
};
const sockets = new Set<Socket>();
let smtp: SMTPServer;
let t: TestDatabase;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      server.rcptCalls.set(address.address, (server.rcptCalls.get(address.address) ?? 0) + 1);
      for (const [prefix, [code, text]] of server.refuse) {
        if (address.address.startsWith(prefix)) return callback(Object.assign(new Error(text), { responseCode: code }));
      }
      callback();
    },
    onData(stream, session, callback) {
      if (server.dropNext > 0) {
        server.dropNext--;
        // The line goes dead mid-message: nothing is accepted, nothing is answered.
        stream.once("data", () => {
          for (const socket of sockets) socket.destroy();
        });
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const envelope = session.envelope;
        const accept = () => {
          server.received.push({
            from: envelope.mailFrom ? envelope.mailFrom.address : "",
            to: envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        };
        if (server.delayMs > 0) setTimeout(accept, server.delayMs);
        else accept();
      });
    },
  });
  // A destroyed line is reported here; the sender's side is what the tests look at.
  smtp.on("error", () => undefined);
  smtp.server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const address = smtp.server.address();
  if (!address || typeof address === "string") throw new Error("the SMTP server has no port");
  // Read by env() on first use, after this: the configured transport is the real mail one.
  vi.stubEnv("SMTP_URL", `smtp://127.0.0.1:${address.port}`);
  vi.stubEnv("NEXTAUTH_URL", ORIGIN);
  vi.stubEnv("MAIL_FROM", "Scarce & Co. <shop@shop.example.test>");
  t = await useTestDatabase(6);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

beforeEach(() => {
  server.received = [];
  server.refuse.clear();
  server.dropNext = 0;
  server.delayMs = 0;
  server.rcptCalls.clear();
});

/** The message's text as a mail client shows it (headers apart, transfer encoding undone). */
function textOf(raw: string): { headers: string; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (/^Content-Transfer-Encoding:\s*quoted-printable/im.test(headers)) {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return { headers, text: Buffer.from(bytes, "latin1").toString("utf8") };
  }
  if (/^Content-Transfer-Encoding:\s*base64/im.test(headers)) return { headers, text: Buffer.from(body, "base64").toString("utf8") };
  return { headers, text: body };
}

const messageIdOf = (raw: string) => /^Message-ID:\s*<notification-([0-9a-f-]{36})@/im.exec(raw)?.[1];

async function row(id: string) {
  return t.prisma.notification.findUniqueOrThrow({ where: { id } });
}

async function note(userId: string, kind: NotificationKind, payload: Record<string, unknown> = {}): Promise<string> {
  const dedupeKey = crypto.randomUUID();
  await notify(t.prisma, { userId, kind, dedupeKey, payload });
  const written = await t.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `${kind}:${dedupeKey}` } });
  return written.id;
}

/** Due now: the test's stand-in for the backoff running out (rows are aged, never slept on). */
async function makeDue(id: string) {
  await t.prisma.$executeRaw(Prisma.sql`UPDATE notifications SET next_attempt_at = now() WHERE id = ${id}::uuid`);
}

const sweep = (db = t.prisma) => deliverNotifications(db, { batchSize: 50 });

describe("notifications delivered as e-mail through SMTP_URL", () => {
  it("mails a password reset to the account's address, with the link as an absolute URL on NEXTAUTH_URL", async () => {
    expect(hasDeliveryTransport()).toBe(true);
    // Real mail goes out, so the page that shows everyone's mail is off (whatever DEV_MAIL_PAGE says).
    expect(devMailPageEnabled()).toBe(false);
    const user = await createTestUser(t.prisma);
    expect(await requestPasswordReset(t.prisma, { email: user.email }, "203.0.113.7")).toEqual({ ok: true });

    const counts = await sweep();
    expect(counts.delivered).toBeGreaterThanOrEqual(1);
    const mails = server.received.filter((m) => m.to.includes(user.email));
    expect(mails).toHaveLength(1);
    const { headers, text } = textOf(mails[0]!.raw);
    expect(mails[0]!.from).toBe("shop@shop.example.test");
    expect(headers).toMatch(/^Subject: Reset your password$/m);
    expect(headers).toMatch(/^Content-Type: text\/plain/m);
    const link = /(https:\/\/shop\.example\.test\/reset-password\?token=[A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(link, text).toBeDefined();

    const id = messageIdOf(mails[0]!.raw)!;
    const delivered = await row(id);
    expect(delivered.kind).toBe("password-reset");
    expect(delivered.deliveredAt).not.toBeNull();
    expect(delivered.attempts).toBe(1);
    // Delivered is delivered: another sweep sends nothing more.
    await sweep();
    expect(server.received.filter((m) => m.to.includes(user.email))).toHaveLength(1);
  });

  it("links each notification to its page: the order, the cart, a drop's product", async () => {
    const user = await createTestUser(t.prisma);
    const orderId = crypto.randomUUID();
    const ids = {
      order: await note(user.id, "order-cancelled", { orderId }),
      cart: await note(user.id, "back-in-stock", { link: "/cart", productTitle: "Halo" }),
      drop: await note(user.id, "drop-turn", { link: "/products/halo-x", subject: "Halo" }),
      // A link that is not a path of this site is left out rather than mailed.
      stray: await note(user.id, "drop-turn", { link: "https://evil.example/x" }),
    };
    await sweep();
    const texts = new Map(server.received.map((m) => [messageIdOf(m.raw), textOf(m.raw).text]));
    expect(texts.get(ids.order)).toContain(`${ORIGIN}/orders/${orderId}`);
    expect(texts.get(ids.cart)).toContain(`${ORIGIN}/cart`);
    expect(texts.get(ids.drop)).toContain(`${ORIGIN}/products/halo-x`);
    expect(texts.get(ids.stray)).toBeDefined();
    expect(texts.get(ids.stray)).not.toContain("evil.example");
  });

  it("records a 550 refusal as failed for good and never tries it again", async () => {
    const user = await createTestUser(t.prisma, { email: `gone-${crypto.randomUUID().slice(0, 8)}@example.test` });
    server.refuse.set("gone-", [550, "Mailbox unavailable"]);
    const id = await note(user.id, "order-confirmed", { orderId: crypto.randomUUID() });

    const counts = await sweep();
    expect(counts.refused).toBe(1);
    const refused = await row(id);
    expect(refused.deliveredAt).toBeNull();
    expect(refused.failedAt).not.toBeNull();
    expect(refused.attempts).toBe(1);
    expect(refused.lastError).toContain("550");

    // Hours later, by its backoff clock: still nothing sent, nothing asked of the server.
    await makeDue(id);
    await sweep();
    expect(server.rcptCalls.get(user.email)).toBe(1);
    expect((await row(id)).attempts).toBe(1);
  });

  it("leaves a message pending when the server drops the line mid-message, and the next sweep delivers it once", async () => {
    const user = await createTestUser(t.prisma);
    const id = await note(user.id, "payment-refunded", { orderId: crypto.randomUUID() });
    server.dropNext = 1;

    const first = await sweep();
    expect(first.failed).toBe(1);
    let pending = await row(id);
    expect(pending.deliveredAt).toBeNull();
    expect(pending.failedAt).toBeNull();
    expect(pending.attempts).toBe(1);
    expect(pending.lastError).toBeTruthy();
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() - 1_000);
    // Not due yet: the backoff holds it back.
    await sweep();
    expect(server.received).toHaveLength(0);

    await makeDue(id);
    const second = await sweep();
    expect(second.delivered).toBe(1);
    pending = await row(id);
    expect(pending.deliveredAt).not.toBeNull();
    expect(pending.attempts).toBe(2);
    expect(pending.lastError).toBeNull();
    await makeDue(id);
    await sweep();
    expect(server.received.filter((m) => messageIdOf(m.raw) === id)).toHaveLength(1);
  });

  it("retries a temporary refusal (451) with backoff instead of giving up", async () => {
    const user = await createTestUser(t.prisma, { email: `busy-${crypto.randomUUID().slice(0, 8)}@example.test` });
    server.refuse.set("busy-", [451, "Try again later"]);
    const id = await note(user.id, "order-cancelled", { orderId: crypto.randomUUID() });

    expect((await sweep()).failed).toBe(1);
    const waiting = await row(id);
    expect(waiting.failedAt).toBeNull();
    expect(waiting.lastError).toContain("451");

    server.refuse.clear();
    await makeDue(id);
    expect((await sweep()).delivered).toBe(1);
    expect((await row(id)).deliveredAt).not.toBeNull();
  });

  it("sends each notification once when two sweeps run at once", async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => createTestUser(t.prisma)));
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(await note(users[i % users.length]!.id, "order-confirmed", { orderId: crypto.randomUUID() }));
    server.delayMs = 5;
    const other = t.newClient(4);

    const [one, two] = await Promise.all([deliverNotifications(t.prisma, { batchSize: 5 }), deliverNotifications(other, { batchSize: 5 })]);
    expect(one.delivered + two.delivered).toBe(ids.length);
    expect(one.delivered).toBeGreaterThan(0);
    expect(two.delivered).toBeGreaterThan(0);
    const sent = server.received.map((m) => messageIdOf(m.raw));
    for (const id of ids)
      expect(
        sent.filter((s) => s === id),
        id,
      ).toHaveLength(1);
    const rows = await t.prisma.notification.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.deliveredAt !== null && r.attempts === 1)).toBe(true);
  });
});
