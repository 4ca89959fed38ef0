import { isUtf8 } from "node:buffer";

const SNIFF_BYTES = 8192;

/** Why the bytes are not text we can analyse (a NUL byte early on, or invalid UTF-8), or undefined. */
export function detectBinary(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return "NUL byte";
  if (!isUtf8(bytes)) return "not valid UTF-8";
  return undefined;
}
