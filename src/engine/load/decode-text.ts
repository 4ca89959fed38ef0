const BOM = [0xef, 0xbb, 0xbf] as const;

/** Whether the bytes open with a UTF-16 byte-order mark, little-endian (FF FE) or big-endian (FE FF). */
export function hasUtf16Bom(bytes: Buffer): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * Text without a leading byte-order mark, so offsets match what editors show. Like TypeScript's sys.readFile, a
 * UTF-16 mark (LE or BE) selects UTF-16 and anything else is UTF-8.
 */
export function decodeText(bytes: Buffer): string {
  // Big-endian: swap a copy to little-endian (a trailing odd byte is dropped, as TypeScript does).
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2, bytes.length & ~1)).swap16().toString("utf16le");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString("utf16le", 2);
  const hasBom = bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
  return (hasBom ? bytes.subarray(3) : bytes).toString("utf8");
}
