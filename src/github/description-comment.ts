import { createHash } from "node:crypto";
import { code } from "../reporters/markdown-text.js";
import type { ToolInfo } from "../rule-api/types.js";
import type { DiffFilter } from "./diff-filter.js";
import type { InlineComment } from "./inline-comment.js";
import type { TextChange } from "./inventory-changes.js";
import { beforeAfter, RUG_PULL_WARNING } from "./inventory-changes-markdown.js";
import { fingerprintMarker } from "./markers.js";

// How much of the new description is looked for in the source to find its line.
const PROBE_LENGTH = 24;

/**
 * A review comment on a tool whose description the pull request changed, on the description's line when it can be
 * found in the tool's registration (else the registration's first line), or undefined when neither is in the diff.
 */
export function descriptionComment(change: TextChange<ToolInfo>, filter: DiffFilter, lines: readonly string[] | undefined): InlineComment | undefined {
  const tool = change.item;
  const { path } = tool.location;
  const probe = (change.after ?? "").slice(0, PROBE_LENGTH);
  let line = tool.location.line;
  for (let n = tool.location.line; probe !== "" && lines !== undefined && n <= tool.location.endLine; n++) {
    if (lines[n - 1]?.includes(probe)) {
      line = n;
      break;
    }
  }
  if (!filter.commentable(path, line, line)) return undefined;
  // The new text is part of the fingerprint: a later edit of the description is a new review point.
  const fingerprint = createHash("sha256").update(`tool-description\u0000${path}\u0000${tool.name ?? ""}\u0000${change.after ?? ""}`).digest("hex").slice(0, 32);
  const body = [fingerprintMarker(fingerprint), `**review** · tool description changed · tool ${code(tool.name ?? "?")}`, RUG_PULL_WARNING, beforeAfter(change)].join("\n\n");
  return { fingerprint, path, line, body };
}
