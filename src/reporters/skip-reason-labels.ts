import type { SkipReason } from "../rule-api/types.js";

/** Human wording of each skip reason, in the order reporters list them. */
export const SKIP_REASON_LABELS: Readonly<Record<SkipReason, string>> = {
  "too-large": "too large",
  binary: "binary",
  "symlink-outside-root": "symlink outside the root",
  unreadable: "unreadable",
  minified: "minified",
  generated: "generated",
};
