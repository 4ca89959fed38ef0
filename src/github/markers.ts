// Hidden HTML comments let re-runs find their own comments; GitHub renders none of them.

/** Opens the sticky summary comment. */
export const SUMMARY_MARKER = "<!-- mcp-warden:summary -->";

/** Marks an inline comment whose finding is gone. */
export const RESOLVED_MARKER = "<!-- mcp-warden:resolved -->";

/** The marker that ties an inline comment to a finding. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- mcp-warden:fp=${fingerprint} -->`;
}

/** The fingerprint a comment body carries, if any. */
export function markedFingerprint(body: string): string | undefined {
  return /<!-- mcp-warden:fp=([0-9a-f]{8,64}) -->/.exec(body)?.[1];
}
