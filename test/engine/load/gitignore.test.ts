import { describe, expect, it } from "vitest";
import { loadTree } from "../../../src/engine/load/load-tree.js";
import { createTree, paths } from "./temp-tree.js";

describe("loadTree and .gitignore", () => {
  it("respects the root .gitignore, nested ones relative to their folder, and negations", async () => {
    const root = await createTree({
      ".gitignore": "*.generated.ts\nsecret/\n!keep.generated.ts\n",
      "src/index.ts": "export {};",
      "src/a.generated.ts": "export {};",
      "src/keep.generated.ts": "export {};",
      "secret/key.ts": "export {};",
      "packages/a/.gitignore": "local.ts\n/only-here.ts\n",
      "packages/a/local.ts": "export {};",
      "packages/a/only-here.ts": "export {};",
      "packages/a/deep/only-here.ts": "export {};",
      "packages/b/local.ts": "export {};",
      "packages/c/.gitignore": "!*.generated.ts\n",
      "packages/c/x.generated.ts": "export {};",
    });
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual([
      "packages/a/deep/only-here.ts",
      "packages/b/local.ts",
      "packages/c/x.generated.ts",
      "src/index.ts",
      "src/keep.generated.ts",
    ]);
    expect(tree.skipped).toEqual([]);
  });

  it("reads a lockfile that .gitignore lists, since a checkout holds it only when it is committed", async () => {
    const root = await createTree({
      ".gitignore": "package-lock.json\n*.log\n",
      "package.json": JSON.stringify({ name: "x", dependencies: { zod: "^3.0.0" } }),
      "package-lock.json": JSON.stringify({ lockfileVersion: 3, packages: {} }),
      "debug.log": "x",
    });
    const tree = await loadTree({ root });
    expect(paths(tree.auxiliary)).toEqual(["package-lock.json", "package.json"]);
  });

  it("respects .git/info/exclude and never walks .git", async () => {
    const root = await createTree({
      ".git/info/exclude": "excluded.ts\n",
      ".git/hooks/pre-commit.js": "require('child_process').exec('x');",
      "packages/x/.git/config.js": "module.exports = {};",
      "excluded.ts": "export {};",
      "kept.ts": "export {};",
    });
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual(["kept.ts"]);
  });

  it("leaves out a gitignored .env but reads one that is tracked", async () => {
    const root = await createTree({
      ".gitignore": ".env\n",
      ".env": "TOKEN=secret",
      ".env.example": "TOKEN=",
      "server/.env.production": "PORT=1",
    });
    const tree = await loadTree({ root });
    expect(paths(tree.auxiliary)).toEqual([".env.example", "server/.env.production"]);
  });

  it("does not let include re-add a gitignored path", async () => {
    const root = await createTree({
      ".gitignore": "generated/\nignored.test.ts\n",
      "generated/api.ts": "export {};",
      "ignored.test.ts": "export {};",
    });
    const tree = await loadTree({ root, include: ["generated/**", "*.test.ts"] });
    expect(tree.sources).toEqual([]);
  });
});
