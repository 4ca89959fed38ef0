// Scanned code and messages are untrusted: escape everything markdown or HTML would act on; `|` also stays inside table cells.
export function inline(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~!#]/g, "\\$&")
    .replace(/\r?\n/g, "<br>");
}

/** A code span that holds any text: the fence is longer than any run of backticks inside. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, " ");
  const ticks = "`".repeat(longestRun(flat, "`") + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

// GitHub splits table rows on `|` even inside code spans unless it is escaped.
export function codeCell(text: string): string {
  return code(text).replace(/\|/g, "\\|");
}

export function fence(text: string): string {
  const ticks = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  return `${ticks}ts\n${text}\n${ticks}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
