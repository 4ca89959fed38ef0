import type { FixSuggestion } from "../rule-api/types.js";

export interface Suggestion {
  /** First and last line the suggestion replaces. */
  startLine: number;
  endLine: number;
  /** The new text of those whole lines. */
  text: string;
}

/** The whole-line replacement a ```suggestion block needs, from a fix's region and text and the file's current lines. */
export function suggestionFor(fix: FixSuggestion | undefined, lines: readonly string[]): Suggestion | undefined {
  const replacement = fix?.replacement;
  if (replacement === undefined) return undefined;
  const { line, column, endLine, endColumn } = replacement.location;
  const first = lines[line - 1];
  const last = lines[endLine - 1];
  if (first === undefined || last === undefined || endLine < line) return undefined;
  // Columns are 1-based UTF-16 offsets, as JavaScript strings index.
  const text = `${first.slice(0, column - 1)}${replacement.text}${last.slice(endColumn - 1)}`;
  return { startLine: line, endLine, text };
}

/** A fenced block that no backtick run inside the text can close early. */
export function fenced(language: string, text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(Math.max(3, longest + 1));
  return `${ticks}${language}\n${text}\n${ticks}`;
}
