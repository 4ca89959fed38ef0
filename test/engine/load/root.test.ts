import path from "node:path";
import { describe, expect, it } from "vitest";
import { LoadError } from "../../../src/engine/load/load-error.js";
import { loadTree } from "../../../src/engine/load/load-tree.js";
import { createTree, paths } from "./temp-tree.js";

describe("loadTree roots", () => {
  it("throws a one-line LoadError naming a missing root", async () => {
    const root = await createTree();
    const missing = path.join(root, "does-not-exist");
    const load = loadTree({ root: missing });
    await expect(load).rejects.toBeInstanceOf(LoadError);
    await expect(load).rejects.toThrow(`Cannot scan ${missing}: no such file or folder`);
  });

  it("scans just the file when the root is a file, even one a default rule would skip", async () => {
    const root = await createTree({
      "src/server.test.ts": "export const a = 1;",
      "src/other.ts": "export {};",
      "package.json": '{"name":"x"}',
    });
    const tree = await loadTree({ root: path.join(root, "src/server.test.ts") });
    expect(tree.root).toBe(path.join(root, "src"));
    expect(tree.sources).toEqual([
      { path: "server.test.ts", absPath: path.join(root, "src/server.test.ts"), text: "export const a = 1;" },
    ]);
    expect(tree.auxiliary).toEqual([]);
    expect(tree.packages).toEqual([]);
  });

  it("returns the real root, sorted forward-slash paths, and every auxiliary kind", async () => {
    const auxiliary = [
      ".cursor/mcp.json",
      ".env.example",
      ".gitattributes",
      ".github/dependabot.yml",
      ".github/mcp-warden.yaml",
      ".github/renovate.json5",
      ".github/workflows/ci.yml",
      ".github/workflows/release.yaml",
      ".mcp-warden.yml",
      ".mcp.json",
      ".npmrc",
      ".vscode/mcp.json",
      "Containerfile",
      "Dockerfile",
      "Dockerfile.dev",
      "bun.lock",
      "claude_desktop_config.json",
      "compose.yaml",
      "deploy/k8s/base/deployment.yaml",
      "deploy/kubernetes/svc.yml",
      "docker-compose.override.yml",
      "jsconfig.json",
      "mcp.json",
      "npm-shrinkwrap.json",
      "package-lock.json",
      "package.json",
      "pnpm-lock.yaml",
      "renovate.json",
      "server.json",
      "server.dockerfile",
      "tsconfig.build.json",
      "tsconfig.json",
      "workers/api/wrangler.jsonc",
      "workers/site/wrangler.toml",
      "wrangler.json",
      "yarn.lock",
    ];
    const ignoredKinds = ["README.md", "docs/config.yml", ".github/other.yml", "deploy/values.yaml", "logo.png"];
    const root = await createTree(
      Object.fromEntries([...auxiliary, ...ignoredKinds, "src/z.ts", "src/a/b.mts"].map((file) => [file, "{}"])),
    );
    const tree = await loadTree({ root: `${root}/./` });
    expect(tree.root).toBe(root);
    expect(paths(tree.auxiliary)).toEqual([...auxiliary].sort((a, b) => (a < b ? -1 : 1)));
    expect(tree.sources.map((file) => [file.path, file.absPath])).toEqual([
      ["src/a/b.mts", path.join(root, "src/a/b.mts")],
      ["src/z.ts", path.join(root, "src/z.ts")],
    ]);
  });
});
