// Product pictures live in the images table, so every instance serves them without any
// external store. The type is read from the bytes, never taken from the upload's claim.
// No database code here: the check below also runs in the forms' schema in the browser;
// reading pictures back is lib/listings/picture-store.ts.

export const MAX_PICTURE_BYTES = 2 * 1024 * 1024;
export const PICTURE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
export type PictureType = (typeof PICTURE_TYPES)[number];

export interface Picture {
  contentType: PictureType;
  bytes: Uint8Array<ArrayBuffer>;
}

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((byte, i) => bytes[offset + i] === byte);

/** The picture format the bytes are in, by their magic number; null for anything else. */
export function sniffPictureType(bytes: Uint8Array): PictureType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return "image/gif";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export type PictureCheck = { ok: true; picture: Picture } | { ok: false; message: string };

/** Why a picture of this many bytes is too large; null when it is not. The form checks it before sending too. */
export function pictureSizeProblem(byteLength: number): string | null {
  if (byteLength <= MAX_PICTURE_BYTES) return null;
  return `The picture is ${(byteLength / 1024 / 1024).toFixed(1)} MB; the limit is 2 MB.`;
}

export function checkPicture(bytes: Uint8Array<ArrayBuffer>): PictureCheck {
  if (bytes.byteLength === 0) return { ok: false, message: "The picture file is empty." };
  const tooLarge = pictureSizeProblem(bytes.byteLength);
  if (tooLarge) return { ok: false, message: tooLarge };
  const contentType = sniffPictureType(bytes);
  if (!contentType) return { ok: false, message: "Use a PNG, JPEG, WebP or GIF picture." };
  return { ok: true, picture: { contentType, bytes } };
}
