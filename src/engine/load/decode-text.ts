const BOM = [0xef, 0xbb, 0xbf] as const;

/** UTF-8 text without a leading byte-order mark, so offsets match what editors show. */
export function decodeText(bytes: Buffer): string {
  const hasBom = bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
  return (hasBom ? bytes.subarray(3) : bytes).toString("utf8");
}
