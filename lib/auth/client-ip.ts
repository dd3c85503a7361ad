// The client's address for abuse limits. Behind Vercel or a proxy that sets them, the
// platform's x-real-ip / x-forwarded-for are authoritative; `next start` on its own fills
// x-forwarded-for from the socket when the request did not bring one.
type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function read(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function clientIp(headers: HeaderBag): string {
  const realIp = read(headers, "x-real-ip")?.trim();
  if (realIp) return realIp;
  const forwarded = read(headers, "x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || "unknown";
}
