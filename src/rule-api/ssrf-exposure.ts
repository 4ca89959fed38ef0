import { hasMark, type MarkKind, type TaintHit } from "../engine/dataflow/taint.js";

/**
 * How far attacker data reaching a request target can move the request:
 * safe (fixed host, allowlisted, resolved-address check), open (no guard),
 * ineffective-guard (a private-IP check on the whole URL text), text-guard (a check on the hostname text only),
 * configured-guard (an allowlist that lets every host through while it is empty), own-host (the host the incoming
 * request was addressed to: this server's own, unless a Host header it trusts is forged).
 */
export function ssrfExposure(hit: TaintHit): "safe" | "open" | "ineffective-guard" | "text-guard" | "configured-guard" | "own-host" {
  const t = hit.taint;
  // A host allowlist that lets every host through while empty guards only once it is configured.
  const sure = (kind: MarkKind, detail?: string) => t.marks.some((m) => m.kind === kind && (detail === undefined || m.detail === detail) && !m.whenConfigured);
  if (hasMark(t, "number") || hasMark(t, "const") || hasMark(t, "regex") || hasMark(t, "url-path") || sure("host-allowlist")) return "safe";
  if (sure("ip-check", "resolved")) return "safe";
  if (hasMark(t, "host-allowlist") || hasMark(t, "ip-check", "resolved")) return "configured-guard";
  if (ownHost(hit)) return "own-host";
  if (hasMark(t, "ip-check", "hostname-text")) return "text-guard";
  // A text checked, then written after fixed text (`https://${domain}/`): the check was on what became the host name.
  if (hasMark(t, "ip-check", "url-text")) return hasMark(t, "prefixed") ? "text-guard" : "ineffective-guard";
  return "open";
}

/** `new URL(request.url).origin` and the like: the scheme and host of the incoming request's own URL, not its query or path. */
function ownHost(hit: TaintHit): boolean {
  const t = hit.taint;
  const last = t.path[t.path.length - 1];
  return hit.spec.kind === "http-request" && (last === "url" || last === "nextUrl") && !t.piece && (!!t.part || hasMark(t, "hostname"));
}

/** Safe only because of its private-address check: without it, no allowlist, fixed value or pattern holds the host. */
export function safeByAddressCheck(hit: TaintHit): boolean {
  const unchecked = { ...hit, taint: { ...hit.taint, marks: hit.taint.marks.filter((m) => m.kind !== "ip-check") } };
  return ssrfExposure(hit) === "safe" && ssrfExposure(unchecked) !== "safe";
}
