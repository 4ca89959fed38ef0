import fs from "node:fs";
import path from "node:path";

export interface Expectation {
  file: string;
  line: number;
  kind: "expect" | "expect-missing" | "ok";
  ruleId: string;
  /** The severity the finding must have, when the annotation names one: `// expect(medium): rule`. */
  severity?: string;
}

const ANNOTATION = /\/\/\s*(expect|expect-missing|ok)(?:\((critical|high|medium|low)\))?:\s*([a-z0-9-]+)(?:\s+--\s*(.*))?/g;

/** Reads `// expect: rule`, `// expect(medium): rule`, `// expect-missing: rule -- why` and `// ok: rule` annotations under a folder. */
export function readExpectations(dir: string): Expectation[] {
  const out: Expectation[] = [];
  for (const file of listFiles(dir)) {
    const lines = fs.readFileSync(path.join(dir, file), "utf8").split("\n");
    lines.forEach((text, i) => {
      for (const m of text.matchAll(ANNOTATION)) {
        const kind = m[1] as Expectation["kind"];
        if (kind === "expect-missing" && !m[4]?.trim()) throw new Error(`${file}:${i + 1}: expect-missing needs a reason after --`);
        if (m[2] && kind !== "expect") throw new Error(`${file}:${i + 1}: only expect takes a severity`);
        out.push({ file, line: i + 1, kind, ruleId: m[3] as string, ...(m[2] ? { severity: m[2] } : {}) });
      }
    });
  }
  return out;
}

export function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}
