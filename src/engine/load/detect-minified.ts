import { DEFAULT_EXCLUDES } from "./default-excludes.js";

const { maxAverageLineLength, maxLineLength, fewLines } = DEFAULT_EXCLUDES.minifiedContent;

/** Why the JavaScript text looks minified, or undefined when it looks hand-written. */
export function detectMinified(text: string): string | undefined {
  let lines = 0;
  let longest = 0;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    lines++;
    longest = Math.max(longest, end - start);
    start = end + 1;
  }
  if (lines === 0) return undefined;
  const average = text.length / lines;
  if (average > maxAverageLineLength) return `average line length ${Math.round(average)}`;
  if (longest > maxLineLength && lines <= fewLines) return `a line of ${longest} characters in ${lines} lines`;
  return undefined;
}
