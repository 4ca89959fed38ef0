import { code, codeCell, inline } from "../reporters/markdown-text.js";
import type { ToolInfo } from "../rule-api/types.js";
import type { InventoryChanges, TextChange } from "./inventory-changes.js";
import { isUnchanged } from "./inventory-changes.js";
import { fenced } from "./suggestion.js";

const TEXTS_MAX = 10;

export const RUG_PULL_WARNING =
  'The model reads these texts to decide what a tool does and when to call it. A changed description can turn a tool the users trusted into instructions for the model (a "rug pull"): read the new text as carefully as code.';
const TEXT_MAX = 2000;
const ROWS_MAX = 50;
// Zero-width, bidirectional and tag characters hide text from a reviewer; shown as code points instead.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/gu;

/** The inventory part of the pull request summary: changed descriptions first, then the table of other changes. */
export function inventoryChangesMarkdown(changes: InventoryChanges): string {
  const blocks: string[] = [];
  const texts = [
    ...changes.descriptions.map((c) => ({ what: `Tool ${code(c.item.name ?? "?")}`, change: c, location: c.item.location })),
    ...changes.instructions.map((c) => ({ what: `Instructions of server ${code(c.item.name ?? c.item.framework)}`, change: c, location: c.item.location })),
  ];
  if (texts.length > 0) {
    blocks.push(
      `### ⚠ Tool descriptions changed (${texts.length})`,
      RUG_PULL_WARNING,
    );
    for (const { what, change, location } of texts.slice(0, TEXTS_MAX)) blocks.push(textChange(what, change, `${location.path}:${location.line}`));
    if (texts.length > TEXTS_MAX) blocks.push(`_…and ${texts.length - TEXTS_MAX} more changed texts; the check run lists the tools._`);
  }
  const rows = [
    ...changes.added.map((t) => row("added", t, t.capabilities.length > 0 ? `capabilities: ${t.capabilities.join(", ")}` : "")),
    ...changes.removed.map((t) => row("removed", t, "")),
    ...changes.capabilities.map((c) => row("capabilities gained", c.tool, c.gained.join(", "))),
    ...changes.schemas.map((s) => {
      const parts = [
        s.fieldsAdded.length > 0 ? `added ${s.fieldsAdded.join(", ")}` : "",
        s.fieldsRemoved.length > 0 ? `removed ${s.fieldsRemoved.join(", ")}` : "",
        s.fieldsChanged.length > 0 ? `changed ${s.fieldsChanged.join(", ")}` : "",
        s.strictness ? `validation ${s.strictness.before} → ${s.strictness.after}` : "",
      ];
      return row("input schema changed", s.tool, parts.filter((p) => p !== "").join("; "));
    }),
  ];
  blocks.push("### Tool inventory changes");
  if (isUnchanged(changes)) blocks.push("No tool was added, removed or changed.");
  else if (rows.length > 0) {
    blocks.push(["| Change | Tool | Detail |", "| --- | --- | --- |", ...rows.slice(0, ROWS_MAX)].join("\n"));
    if (rows.length > ROWS_MAX) blocks.push(`_…and ${rows.length - ROWS_MAX} more changes._`);
  }
  return blocks.join("\n\n");
}

function row(change: string, tool: ToolInfo, detail: string): string {
  return `| ${change} | ${codeCell(tool.name ?? "?")} | ${inline(detail)} |`;
}

function textChange(what: string, change: TextChange<unknown>, where: string): string {
  return [`#### ${what} at ${code(where)}`, beforeAfter(change)].join("\n\n");
}

/** The old and new text, fenced, with hidden characters shown. */
export function beforeAfter(change: Pick<TextChange<unknown>, "before" | "after">): string {
  return ["**Before**", fenced("text", shown(change.before)), "**After**", fenced("text", shown(change.after))].join("\n\n");
}

function shown(text: string | null | undefined): string {
  if (text === undefined) return "(none)";
  if (text === null) return "(not known statically)";
  const visible = text.replace(INVISIBLE, (c) => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}>`);
  return visible.length > TEXT_MAX ? `${visible.slice(0, TEXT_MAX)}…` : visible;
}
