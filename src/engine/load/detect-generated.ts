import { DEFAULT_EXCLUDES } from "./default-excludes.js";

const { lines, matchCase, anyCase } = DEFAULT_EXCLUDES.generatedMarkers;

/** The generated-code marker found in the first lines of the text, if any. */
export function detectGenerated(text: string): string | undefined {
  let end = -1;
  for (let line = 0; line < lines; line++) {
    end = text.indexOf("\n", end + 1);
    if (end === -1) break;
  }
  const head = end === -1 ? text : text.slice(0, end);
  const lowerHead = head.toLowerCase();
  return matchCase.find((marker) => head.includes(marker)) ?? anyCase.find((marker) => lowerHead.includes(marker));
}
