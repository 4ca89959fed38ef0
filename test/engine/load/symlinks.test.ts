import { symlink } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTree } from "../../../src/engine/load/load-tree.js";
import { createTree, paths } from "./temp-tree.js";

describe("loadTree and symlinks", () => {
  it("lists a link to a file outside the root without reading it", async () => {
    const outside = await createTree({ "secret.ts": "export const key = 'x';" });
    const root = await createTree({ "src/index.ts": "export {};" });
    const target = path.join(outside, "secret.ts");
    await symlink(target, path.join(root, "src/linked.ts"));
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual(["src/index.ts"]);
    expect(tree.skipped).toEqual([{ path: "src/linked.ts", reason: "symlink-outside-root", detail: target }]);
  });

  it("lists a link to a folder outside the root without walking it", async () => {
    const outside = await createTree({ "lib/a.ts": "export {};", "package.json": "{}" });
    const root = await createTree({ "src/index.ts": "export {};" });
    await symlink(path.relative(path.join(root, "src"), outside), path.join(root, "src/shared"));
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual(["src/index.ts"]);
    expect(tree.auxiliary).toEqual([]);
    expect(tree.skipped).toEqual([
      { path: "src/shared", reason: "symlink-outside-root", detail: path.relative(path.join(root, "src"), outside) },
    ]);
  });

  it("follows links inside the root once, preferring the real location", async () => {
    const root = await createTree({ "src/real.ts": "export {};", "lib/util.ts": "export {};" });
    await symlink("real.ts", path.join(root, "src/alias.ts"));
    await symlink("../lib", path.join(root, "src/lib-link"));
    const tree = await loadTree({ root, exclude: ["/lib/"] });
    expect(paths(tree.sources)).toEqual(["src/lib-link/util.ts", "src/real.ts"]);
    expect(tree.sources.find((file) => file.path === "src/lib-link/util.ts")?.absPath).toBe(
      path.join(root, "src/lib-link/util.ts"),
    );
    expect(tree.skipped).toEqual([]);
  });

  it("does not duplicate a folder reached both directly and through a link", async () => {
    const root = await createTree({ "lib/util.ts": "export {};" });
    await symlink("lib", path.join(root, "z-link"));
    await symlink("lib", path.join(root, "a-link"));
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual(["lib/util.ts"]);
  });

  it("stops at symlink loops without crashing", async () => {
    const root = await createTree({ "a/b/file.ts": "export {};" });
    await symlink("..", path.join(root, "a/b/up"));
    await symlink(root, path.join(root, "a/root"));
    await symlink("loop2.ts", path.join(root, "loop1.ts"));
    await symlink("loop1.ts", path.join(root, "loop2.ts"));
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual(["a/b/file.ts"]);
    expect(tree.skipped).toEqual([
      { path: "loop1.ts", reason: "unreadable", detail: "ELOOP" },
      { path: "loop2.ts", reason: "unreadable", detail: "ELOOP" },
    ]);
  });

  it("lists a broken link as unreadable", async () => {
    const root = await createTree({ "src/index.ts": "export {};" });
    await symlink("missing.ts", path.join(root, "src/broken.ts"));
    const tree = await loadTree({ root });
    expect(paths(tree.sources)).toEqual(["src/index.ts"]);
    expect(tree.skipped).toEqual([{ path: "src/broken.ts", reason: "unreadable", detail: "ENOENT" }]);
  });

  it("does not list links inside skipped folders", async () => {
    const outside = await createTree({ "x.js": "" });
    const root = await createTree({ "node_modules/.bin/placeholder": "" });
    await symlink(path.join(outside, "x.js"), path.join(root, "node_modules/.bin/tool.js"));
    await symlink(outside, path.join(root, "node_modules/linked"));
    const tree = await loadTree({ root });
    expect(tree.skipped).toEqual([]);
  });
});
