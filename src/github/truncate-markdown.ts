/** GitHub's limit on comment bodies and check run summaries, in characters. */
export const GITHUB_TEXT_MAX = 65_535;

/** GitHub's limit on a step's job summary, in bytes. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

// Room for the closing tags and the pointer.
const RESERVE = 200;

/**
 * Cuts markdown to at most `max` characters at a line break, closes any code fence and `<details>` left open,
 * and ends with `pointer` (where the full report is), so GitHub shows a shorter text instead of rejecting it.
 */
export function truncateMarkdown(text: string, max: number, pointer: string): string {
  if (text.length <= max) return text;
  let kept = text.slice(0, Math.max(0, max - pointer.length - RESERVE));
  const lastBreak = kept.lastIndexOf("\n");
  if (lastBreak > 0) kept = kept.slice(0, lastBreak);
  const fences = kept.match(/^(`{3,}|~{3,})/gm) ?? [];
  const closers: string[] = [];
  if (fences.length % 2 === 1) closers.push(fences[fences.length - 1] ?? "```");
  const open = (kept.match(/<details>/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < open; i++) closers.push("</details>");
  return `${kept}\n${closers.join("\n")}\n\n${pointer}\n`;
}

/** Like truncateMarkdown, for a limit in UTF-8 bytes (at most 3 bytes per UTF-16 code unit). */
export function truncateMarkdownBytes(text: string, maxBytes: number, pointer: string): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  return truncateMarkdown(text, Math.floor(maxBytes / 3), pointer);
}
