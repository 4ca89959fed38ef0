import type * as fsPromises from "node:fs/promises";
import { truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadTree } from "../../../src/engine/load/load-tree.js";
import { createTree, paths } from "./temp-tree.js";

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  return { ...actual, readFile: vi.fn(actual.readFile) };
});

const { readFile } = await import("node:fs/promises");

function readPaths(): string[] {
  return vi.mocked(readFile).mock.calls.map(([file]) => String(file));
}

describe("loadTree size limits", () => {
  it("skips a source file over 1 MiB without reading it", async () => {
    const root = await createTree({ "src/small.ts": "export {};" });
    await writeFile(path.join(root, "src/big.ts"), "x".repeat(2 * 1024 * 1024));
    vi.mocked(readFile).mockClear();
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual(["src/small.ts"]);
    expect(tree.skipped).toEqual([{ path: "src/big.ts", reason: "too-large", detail: "2097152 bytes, limit 1048576" }]);
    expect(readPaths()).toContain(path.join(root, "src/small.ts"));
    expect(readPaths()).not.toContain(path.join(root, "src/big.ts"));
  });

  it("honours maxFileBytes for sources", async () => {
    const root = await createTree({ "a.ts": "x".repeat(101), "b.ts": "x".repeat(100) });
    const tree = await loadTree({ root, maxFileBytes: 100 });
    expect(paths(tree.sources)).toEqual(["b.ts"]);
    expect(paths(tree.skipped)).toEqual(["a.ts"]);
  });

  it("allows auxiliary files up to 16 MiB", async () => {
    const root = await createTree({ "package.json": "{}" });
    await writeFile(path.join(root, "package-lock.json"), "");
    await truncate(path.join(root, "package-lock.json"), 17 * 1024 * 1024);
    await writeFile(path.join(root, "yarn.lock"), `# ${"x".repeat(2 * 1024 * 1024)}\n`);
    vi.mocked(readFile).mockClear();
    const tree = await loadTree({ root });
    expect(paths(tree.auxiliary)).toEqual(["package.json", "yarn.lock"]);
    expect(tree.skipped).toEqual([{ path: "package-lock.json", reason: "too-large", detail: "17825792 bytes, limit 16777216" }]);
    expect(readPaths()).not.toContain(path.join(root, "package-lock.json"));
  });
});
