import { describe, expect, it } from "vitest";
import { countLines, planBatches } from "../../../src/engine/project/batches.js";

const packages = [{ path: "." }, { path: "packages/a" }, { path: "packages/b" }, { path: "packages/b/tools" }, { path: "packages/c" }];

describe("planBatches", () => {
  it("keeps a tree within the budget in one batch, in the given order", () => {
    const files = [
      { path: "packages/b/x.ts", lines: 40 },
      { path: "packages/a/x.ts", lines: 60 },
    ];
    expect(planBatches(files, packages, 100)).toEqual([["packages/b/x.ts", "packages/a/x.ts"]]);
  });

  it("packs whole packages in path order, and gives a package over the budget a batch of its own", () => {
    const files = [
      { path: "packages/c/big.ts", lines: 150 },
      { path: "packages/a/one.ts", lines: 30 },
      { path: "packages/b/tools/t.ts", lines: 30 },
      { path: "packages/a/two.ts", lines: 30 },
      { path: "packages/b/index.ts", lines: 30 },
      { path: "scripts/build.ts", lines: 10 },
    ];
    expect(planBatches(files, packages, 100)).toEqual([
      // "." holds what no package holds; the nested package packages/b/tools is a package of its own.
      ["scripts/build.ts", "packages/a/one.ts", "packages/a/two.ts", "packages/b/index.ts"],
      ["packages/b/tools/t.ts"],
      ["packages/c/big.ts"],
    ]);
  });

  it("cuts a tree for several threads into even shares, as large as their number allows", () => {
    const files = ["a/x.ts", "b/x.ts", "b/tools/x.ts", "c/x.ts"].map((p) => ({ path: `packages/${p}`, lines: 30 }));
    const [a, b, tools, c] = files.map((f) => f.path);
    expect(planBatches(files, packages, 100)).toEqual([[a, b, tools], [c]]);
    // Two threads: two batches of at most 60 lines, rather than one thread idling after the 30-line batch.
    expect(planBatches(files, packages, 100, 2)).toEqual([[a, b], [tools, c]]);
    expect(planBatches(files, packages, 100, 4)).toEqual([[a], [b], [tools], [c]]);
    // Within the budget, a tree stays one program whatever the threads.
    expect(planBatches(files, packages, 120, 2)).toEqual([[a, b, tools, c]]);
  });

  it("never splits a package, whatever the budget", () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ path: `packages/a/f${i}.ts`, lines: 50 }));
    expect(planBatches(files, packages, 10)).toEqual([files.map((f) => f.path)]);
  });
});

describe("countLines", () => {
  it("counts lines as an editor numbers them: a final newline ends a line", () => {
    expect([countLines(""), countLines("a"), countLines("a\n"), countLines("a\n\n"), countLines("a\nb\r\nc")]).toEqual([0, 1, 1, 2, 3]);
  });
});
