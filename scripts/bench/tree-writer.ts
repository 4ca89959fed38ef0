import fs from "node:fs";
import path from "node:path";
import { countLines } from "../../src/engine/project/batches.js";

/** Where a seeded flaw is reported: the rule, the file relative to the root (posix) and the 1-based line. */
export interface SeededFlaw {
  ruleId: string;
  path: string;
  line: number;
}

/** Templates end a seeded sink line with this marker; the writer records the line and strips the marker. */
export function seedMark(ruleId: string): string {
  return `/*@seed:${ruleId}*/`;
}

const SEED_MARK = /\/\*@seed:([a-z-]+)\*\//;
const SOURCE_EXT = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Writes files under a root, counting source lines and collecting seeded flaw locations. */
export class TreeWriter {
  readonly seeded: SeededFlaw[] = [];
  files = 0;
  lines = 0;

  constructor(private readonly root: string) {}

  write(relPath: string, text: string): void {
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      const mark = SEED_MARK.exec(line);
      if (!mark) return;
      this.seeded.push({ ruleId: mark[1] as string, path: relPath, line: i + 1 });
      lines[i] = line.replace(SEED_MARK, "").trimEnd();
    });
    const abs = path.join(this.root, ...relPath.split("/"));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, lines.join("\n"));
    this.files++;
    if (SOURCE_EXT.test(relPath)) this.lines += countLines(text);
  }
}
