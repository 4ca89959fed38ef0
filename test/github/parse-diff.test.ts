import { describe, expect, it } from "vitest";
import { createDiffFilter, type FilterMode } from "../../src/github/diff-filter.js";
import { parsePatch } from "../../src/github/parse-diff.js";
import type { Finding } from "../../src/rule-api/types.js";
import { GitRepo } from "../helpers/git-repo.js";

const BEFORE = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);

/** The patch git computes (hunks only, as the files API gives it) between two versions of a file. */
function gitPatch(before: readonly string[], after: readonly string[]): string {
  const git = new GitRepo();
  try {
    const a = git.commit({ "f.ts": `${before.join("\n")}\n` }, "a");
    const b = git.commit({ "f.ts": `${after.join("\n")}\n` }, "b");
    const diff = git.git(["diff", "--no-color", a, b, "--", "f.ts"]);
    return diff.slice(diff.indexOf("@@")).replace(/\n$/, "");
  } finally {
    git.remove();
  }
}

describe("parsePatch", () => {
  it("finds added lines and each hunk's new-side range in a patch from git", () => {
    const after = [...BEFORE];
    after.splice(4, 1, "changed 5");
    after.splice(20, 0, "inserted A", "inserted B");
    const hunks = parsePatch(gitPatch(BEFORE, after));
    expect(hunks).toEqual([
      { newStart: 2, newEnd: 8, added: [5] },
      { newStart: 18, newEnd: 25, added: [21, 22] },
    ]);
  });

  it("handles a new file, a removal-only hunk, and the no-newline marker", () => {
    expect(parsePatch("@@ -0,0 +1,2 @@\n+a\n+b\n\\ No newline at end of file")).toEqual([{ newStart: 1, newEnd: 2, added: [1, 2] }]);
    expect(parsePatch("@@ -3,3 +3,2 @@\n c\n-d\n e")).toEqual([{ newStart: 3, newEnd: 4, added: [] }]);
    expect(parsePatch("@@ -1 +1 @@\n-x\n+y")).toEqual([{ newStart: 1, newEnd: 1, added: [1] }]);
  });

  it("reads an empty context line whose space was stripped, and ignores text past a hunk's counts", () => {
    expect(parsePatch("@@ -1,3 +1,4 @@\n a\n\n+b\n c\n+not counted")).toEqual([{ newStart: 1, newEnd: 4, added: [3] }]);
  });
});

function finding(path: string, line: number, trace: number[] = []): Finding {
  const location = { path, line, column: 1, endLine: line, endColumn: 2 };
  return {
    ruleId: "r",
    messageId: "m",
    message: "m",
    severity: "high",
    confidence: "high",
    cwe: [],
    checklist: [],
    location,
    trace: trace.map((l) => ({ kind: "step", message: "s", location: { ...location, line: l, endLine: l } })),
    fingerprint: "f",
  };
}

describe("createDiffFilter", () => {
  // Hunk new-side lines 2..8 with line 5 added; the other file is changed without a patch (binary or too large).
  const files = [
    { filename: "src/a.ts", status: "modified", patch: "@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-old\n+new\n l6\n l7\n l8" },
    { filename: "src/big.ts", status: "modified" },
    { filename: "src/gone.ts", status: "removed", patch: "@@ -1 +0,0 @@\n-x" },
  ];
  const cases: [FilterMode, [string, number, boolean][]][] = [
    ["added", [["src/a.ts", 5, true], ["src/a.ts", 4, false], ["src/big.ts", 1, false], ["src/other.ts", 5, false]]],
    ["diff_context", [["src/a.ts", 5, true], ["src/a.ts", 2, true], ["src/a.ts", 9, false], ["src/big.ts", 1, false]]],
    ["file", [["src/a.ts", 100, true], ["src/big.ts", 1, true], ["src/gone.ts", 1, false], ["src/other.ts", 1, false]]],
    ["nofilter", [["src/other.ts", 1, true], ["src/a.ts", 100, true]]],
  ];
  it.each(cases)("%s keeps the right lines", (mode, expectations) => {
    const filter = createDiffFilter(files, mode);
    for (const [path, line, kept] of expectations) expect([path, line, filter.keeps(path, line)]).toEqual([path, line, kept]);
  });

  it("keeps a finding whose trace passes through a changed line", () => {
    const filter = createDiffFilter(files, "added");
    expect(filter.keepsFinding(finding("src/a.ts", 20, [5]))).toBe(true);
    expect(filter.keepsFinding(finding("src/a.ts", 20, [3]))).toBe(false);
  });

  it("allows comments only on lines of one hunk, whatever the filter", () => {
    const filter = createDiffFilter(files, "nofilter");
    expect(filter.commentable("src/a.ts", 2, 8)).toBe(true);
    expect(filter.commentable("src/a.ts", 8, 9)).toBe(false);
    expect(filter.commentable("src/big.ts", 1, 1)).toBe(false);
    expect(filter.commentable("src/other.ts", 1, 1)).toBe(false);
  });
});
