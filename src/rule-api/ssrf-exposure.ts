import { hasMark, type TaintHit } from "../engine/dataflow/taint.js";

/**
 * How far attacker data reaching a request target can move the request:
 * safe (fixed host, allowlisted, resolved-address check), open (no guard),
 * ineffective-guard (a private-IP check on the whole URL text), text-guard (a check on the hostname text only).
 */
export function ssrfExposure(hit: TaintHit): "safe" | "open" | "ineffective-guard" | "text-guard" {
  const t = hit.taint;
  if (hasMark(t, "number") || hasMark(t, "const") || hasMark(t, "regex") || hasMark(t, "url-path") || hasMark(t, "host-allowlist")) return "safe";
  if (hasMark(t, "ip-check", "resolved")) return "safe";
  if (hasMark(t, "ip-check", "hostname-text")) return "text-guard";
  if (hasMark(t, "ip-check", "url-text")) return "ineffective-guard";
  return "open";
}
