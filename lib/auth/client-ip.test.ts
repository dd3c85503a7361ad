import http, { type IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/client-ip";
import { installPeerAddressStamp, PEER_HEADER, stampPeerAddress } from "@/lib/auth/peer-address";

describe("a client cannot choose the address its abuse limits count against", () => {
  it("without a trusted proxy, forwarding headers are ignored: every value lands in the peer's bucket", () => {
    const peer = { [PEER_HEADER]: "198.51.100.4" };
    const keys = ["203.0.113.1", "203.0.113.2", "10.0.0.1, 10.0.0.2"].map((spoofed) =>
      clientIp({ ...peer, "x-forwarded-for": spoofed, "x-real-ip": spoofed }, false),
    );
    expect(new Set(keys)).toEqual(new Set(["198.51.100.4"]));
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9" }), false)).toBe("direct");
  });

  it("behind a trusted proxy, the entry the proxy appended counts, not the ones the client wrote", () => {
    expect(clientIp({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }, true)).toBe("203.0.113.7");
    expect(clientIp({ "x-forwarded-for": "203.0.113.7" }, true)).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.8" }), true)).toBe("203.0.113.8");
    // Garbage is no address: the peer's bucket.
    expect(clientIp({ "x-forwarded-for": "<script>", [PEER_HEADER]: "::ffff:127.0.0.1" }, true)).toBe("127.0.0.1");
  });

  it("the server's stamp replaces a peer header the client sent", () => {
    const request = { headers: { [PEER_HEADER]: "1.2.3.4" }, socket: { remoteAddress: "::ffff:192.0.2.10" } } as unknown as IncomingMessage;
    stampPeerAddress(request);
    expect(request.headers[PEER_HEADER]).toBe("192.0.2.10");
    const noSocket = { headers: { [PEER_HEADER]: "1.2.3.4" }, socket: {} } as unknown as IncomingMessage;
    stampPeerAddress(noSocket);
    expect(noSocket.headers[PEER_HEADER]).toBeUndefined();
  });

  it("a real http server stamps the socket's address over a forged one", async () => {
    installPeerAddressStamp(http);
    installPeerAddressStamp(http); // idempotent
    const seen = await new Promise<string | undefined>((resolve, reject) => {
      const server = http.createServer((req, res) => {
        resolve(req.headers[PEER_HEADER] as string | undefined);
        res.end();
        server.close();
      });
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "203.0.113.66", "x-forwarded-for": "203.0.113.66" } }).catch(reject);
      });
    });
    expect(seen).toBe("127.0.0.1");
  });
});
