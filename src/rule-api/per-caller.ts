import type { TaintHit } from "../engine/dataflow/taint.js";

const MAX_REPORTS = 8;

/**
 * The values reaching one sink worth a `perCaller` report each, first kept first: one per input value (its source
 * and path), since two hits of one value come through the same caller.
 */
export function perCaller(hits: readonly TaintHit[]): TaintHit[] {
  const seen = new Set<string>();
  const out: TaintHit[] = [];
  for (const hit of hits) {
    const key = `${hit.taint.root.id}:${hit.taint.path.join(".")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(hit);
    if (out.length >= MAX_REPORTS) break;
  }
  return out;
}
