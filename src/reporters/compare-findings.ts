import type { Finding } from "../rule-api/types.js";

/** Orders findings by path, line, column and rule; the fingerprint breaks remaining ties so output never depends on input order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.location.path, b.location.path) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

// Code-unit order rather than localeCompare, so the order is the same on every machine.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
