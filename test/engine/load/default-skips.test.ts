import { describe, expect, it } from "vitest";
import { DEFAULT_EXCLUDES } from "../../../src/engine/load/default-excludes.js";
import { loadTree } from "../../../src/engine/load/load-tree.js";
import { createTree, paths } from "./temp-tree.js";

describe("loadTree default skips", () => {
  it("silently skips the default folders at any depth", async () => {
    const files: Record<string, string> = { "src/index.ts": "export {};" };
    for (const folder of DEFAULT_EXCLUDES.folders) {
      files[`${folder}/a.js`] = "module.exports = 1;";
      files[`src/${folder}/b.ts`] = "export {};";
    }
    const root = await createTree(files);
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual(["src/index.ts"]);
    expect(tree.skipped).toEqual([]);
  });

  it("skips declaration files and test code", async () => {
    const root = await createTree({
      "package.json": "{}",
      "src/index.ts": "export {};",
      "src/types.d.ts": "export {};",
      "src/esm.d.mts": "export {};",
      "src/cjs.d.cts": "export {};",
      "src/index.test.ts": "export {};",
      "src/index.spec.js": "export {};",
      "src/server_spec.ts": "export {};",
      "src/handlers_test.ts": "export {};",
      "src/latest_spec_version.ts": "export {};",
      "jest.config.ts": "export default { testEnvironment: \"node\" };",
      "vitest.config.mts": "export default {};",
      "packages/a/playwright.config.ts": "export default {};",
      "nightwatch.conf.cjs": "module.exports = {};",
      "wdio.conf.ts": "export const config = {};",
      "cypress.config.ts": "export default {};",
      "src/__tests__/a.ts": "export {};",
      "src/__mocks__/fs.ts": "export {};",
      "test/setup.ts": "export {};",
      "tests/e2e.ts": "export {};",
      "packages/a/package.json": "{}",
      "packages/a/test/helper.ts": "export {};",
      "packages/b/tsconfig.json": "{}",
      "packages/b/tests/helper.ts": "export {};",
      "src/test/not-a-package-test-folder.ts": "export {};",
      "apps/web-e2e/src/harness.ts": "export {};",
      "apps/e2e-tools/src/index.ts": "export {};",
    });
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual(["apps/e2e-tools/src/index.ts", "src/index.ts", "src/latest_spec_version.ts", "src/test/not-a-package-test-folder.ts"]);
    expect(tree.skipped).toEqual([]);
  });

  it("skips build and out folders only at a package's top, where they hold compiled output", async () => {
    const root = await createTree({
      "package.json": "{}",
      "src/index.ts": "export {};",
      "build/index.js": "module.exports = 1;",
      "out/index.js": "module.exports = 1;",
      "packages/a/package.json": "{}",
      "packages/a/build/index.js": "module.exports = 1;",
      "packages/b/tsconfig.json": "{}",
      "packages/b/out/index.js": "module.exports = 1;",
      "src/tools/build/index.ts": "export {};",
      "src/commands/out/index.ts": "export {};",
    });
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual(["src/commands/out/index.ts", "src/index.ts", "src/tools/build/index.ts"]);
    expect(tree.skipped).toEqual([]);
  });

  it("re-includes default-skipped paths that match include", async () => {
    const root = await createTree({
      "src/index.ts": "export {};",
      "src/index.test.ts": "export {};",
      "test/setup.ts": "export {};",
      "test/unit/a.test.ts": "export {};",
      "vendor/lib.js": "module.exports = 1;",
      "node_modules/pkg/index.js": "module.exports = 1;",
    });
    const tree = await loadTree({ root, include: ["test/**", "src/*.test.ts", "vendor"] });
    expect(paths(tree.sources)).toEqual([
      "src/index.test.ts",
      "src/index.ts",
      "test/setup.ts",
      "test/unit/a.test.ts",
      "vendor/lib.js",
    ]);
  });

  it("leaves out paths matching exclude globs: anchored, at any depth, and folders", async () => {
    const root = await createTree({
      "src/index.ts": "export {};",
      "src/legacy/old.ts": "export {};",
      "src/fixtures/a.ts": "export {};",
      "lib/fixtures/b.ts": "export {};",
      "scripts/release.mjs": "export {};",
      "tools/scripts/keep.mjs": "export {};",
      "src/.hidden/x.ts": "export {};",
    });
    const tree = await loadTree({ root, exclude: ["src/legacy", "fixtures/", "/scripts/**", "**/.hidden/**"] });
    expect(paths(tree.sources)).toEqual(["src/index.ts", "tools/scripts/keep.mjs"]);
  });

  it("lets exclude win over include", async () => {
    const root = await createTree({ "test/a.ts": "export {};", "test/b.ts": "export {};" });
    const tree = await loadTree({ root, include: ["test/**"], exclude: ["test/b.ts"] });
    expect(paths(tree.sources)).toEqual(["test/a.ts"]);
  });
});
