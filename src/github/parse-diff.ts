/** One hunk of a unified diff, seen from the new side of the file. */
export interface Hunk {
  /** First and last line of the new file the hunk shows (end < start for a hunk that only removes). */
  newStart: number;
  newEnd: number;
  /** New-file lines the hunk adds. */
  added: number[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses the `patch` of one file from the pull request files API (hunks only, no file headers).
 * Line counts come from the hunk headers, so text after a hunk's last line is never taken for a change.
 */
export function parsePatch(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  let line = 0;
  for (const text of patch.split("\n")) {
    const header = HUNK_HEADER.exec(text);
    if (header) {
      const newStart = Number(header[3]);
      newLeft = header[4] === undefined ? 1 : Number(header[4]);
      oldLeft = header[2] === undefined ? 1 : Number(header[2]);
      current = { newStart, newEnd: newStart + newLeft - 1, added: [] };
      hunks.push(current);
      line = newStart;
      continue;
    }
    if (current === undefined || (oldLeft === 0 && newLeft === 0)) continue;
    const mark = text[0];
    if (mark === "+" && newLeft > 0) {
      current.added.push(line++);
      newLeft--;
    } else if (mark === "-" && oldLeft > 0) {
      oldLeft--;
    } else if ((mark === " " || text === "") && newLeft > 0 && oldLeft > 0) {
      // Some tools strip the space of an empty context line.
      line++;
      newLeft--;
      oldLeft--;
    }
  }
  return hunks;
}
