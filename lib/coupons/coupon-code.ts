// Coupon codes: 80 random bits from the operating system's CSPRNG, written in Crockford's
// base32 (no I, L, O or U, so nothing is misread) as four groups of four. Guessing one is
// hopeless (2^80), and a code is only ever redeemed by the customer who won it anyway.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newCouponCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join("-");
}
