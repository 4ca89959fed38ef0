import { createHash } from "node:crypto";
import type { Finding } from "../rule-api/types.js";

/**
 * Gives each finding a fingerprint that survives unrelated edits: rule, file, the sink line's text with
 * whitespace collapsed, and the occurrence index among identical lines. Expects findings sorted by position.
 */
export function assignFingerprints(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const text = (f.location.snippet ?? "").trim().replace(/\s+/g, " ");
    const base = `${f.ruleId}\u0000${f.location.path}\u0000${text}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    f.fingerprint = createHash("sha256").update(`${base}\u0000${n}`).digest("hex").slice(0, 32);
  }
}
