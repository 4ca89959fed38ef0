import { isUtf8 } from "node:buffer";
import { decodeText, hasUtf16Bom } from "./decode-text.js";

const SNIFF_BYTES = 8192;

/** Why the bytes are not text we can analyse (a NUL byte early on, or invalid UTF-8), or undefined. */
export function detectBinary(bytes: Buffer): string | undefined {
  // UTF-16 with a byte-order mark (as Windows tools save files) is text: its zero bytes are high bytes of ASCII.
  if (hasUtf16Bom(bytes)) return decodeText(bytes.subarray(0, SNIFF_BYTES)).includes("\0") ? "NUL byte" : undefined;
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return "NUL byte";
  if (!isUtf8(bytes)) return "not valid UTF-8";
  return undefined;
}
