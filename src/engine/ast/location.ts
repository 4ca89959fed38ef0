import type { ts } from "ts-morph";
import type { SourceLocation } from "../../rule-api/types.js";

/** The region a node covers, with the text of its first line. */
export function nodeLocation(node: ts.Node, path: string): SourceLocation {
  const sf = node.getSourceFile();
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(node.getEnd());
  return { path, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, snippet: lineText(sf, start.line) };
}

/** A whole-line region (for findings reported by path and line). */
export function lineLocation(text: string | undefined, path: string, line: number, column = 1, endLine?: number, endColumn?: number): SourceLocation {
  const lines = text?.split(/\r?\n/) ?? [];
  const snippet = lines[line - 1];
  const last = endLine ?? line;
  return { path, line, column, endLine: last, endColumn: endColumn ?? (lines[last - 1]?.length ?? 0) + 1, ...(snippet !== undefined ? { snippet } : {}) };
}

function lineText(sf: ts.SourceFile, line: number): string {
  const starts = sf.getLineStarts();
  const from = starts[line] ?? 0;
  const to = starts[line + 1] ?? sf.text.length;
  return sf.text.slice(from, to).replace(/\r?\n$/, "");
}

/** Masks the reported region of the snippet so a secret never reaches a report; a quoted region keeps its quotes. */
export function redactLocation(location: SourceLocation): SourceLocation {
  const { snippet } = location;
  if (snippet === undefined) return location;
  let from = Math.max(0, location.column - 1);
  let to = location.endLine === location.line ? Math.min(snippet.length, location.endColumn - 1) : snippet.length;
  if (to <= from) [from, to] = [0, snippet.length];
  const quote = snippet[from];
  if (to - from > 2 && (quote === '"' || quote === "'" || quote === "`") && snippet[to - 1] === quote) [from, to] = [from + 1, to - 1];
  return { ...location, snippet: snippet.slice(0, from) + "*".repeat(to - from) + snippet.slice(to) };
}
