import { describe, expect, it } from "vitest";
import { loadTree } from "../../../src/engine/load/load-tree.js";
import { createTree } from "./temp-tree.js";

describe("loadTree packages", () => {
  it("finds every package and tsconfig folder of a monorepo with its MCP SDK range", async () => {
    const root = await createTree({
      "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }),
      "tsconfig.json": "{}",
      "packages/server/package.json": JSON.stringify({
        name: "@acme/server",
        dependencies: { "@modelcontextprotocol/sdk": "^1.17.0", zod: "^3.0.0" },
      }),
      "packages/server/tsconfig.json": "{}",
      "packages/peer/package.json": JSON.stringify({
        name: "peer",
        devDependencies: { "@modelcontextprotocol/sdk": "1.0.0" },
        peerDependencies: { "@modelcontextprotocol/sdk": ">=1" },
      }),
      "packages/-dash/package.json": JSON.stringify({ name: "dash", peerDependencies: { "@modelcontextprotocol/sdk": "*" } }),
      "tools/tsconfig.json": "{}",
      "tools/tsconfig.build.json": "{}",
      "node_modules/dep/package.json": JSON.stringify({ name: "dep" }),
      "test/fixture/package.json": JSON.stringify({ name: "fixture" }),
    });
    const tree = await loadTree({ root });
    expect(tree.packages).toEqual([
      { path: ".", name: "mono", tsconfig: "tsconfig.json" },
      { path: "packages/-dash", name: "dash", mcpSdk: "*", dependencies: ["@modelcontextprotocol/sdk"] },
      { path: "packages/peer", name: "peer", mcpSdk: "1.0.0", dependencies: ["@modelcontextprotocol/sdk"] },
      { path: "packages/server", name: "@acme/server", tsconfig: "packages/server/tsconfig.json", mcpSdk: "^1.17.0", dependencies: ["@modelcontextprotocol/sdk", "zod"] },
      { path: "tools", tsconfig: "tools/tsconfig.json" },
    ]);
    expect(tree.errors).toEqual([]);
  });

  it("reports a package.json that does not parse and still lists its package", async () => {
    const root = await createTree({
      "package.json": '{ "name": "broken", ',
      "packages/array/package.json": "[]",
    });
    const tree = await loadTree({ root });
    expect(tree.packages).toEqual([{ path: "." }, { path: "packages/array" }]);
    expect(tree.errors).toEqual([
      { kind: "read", path: "package.json", message: expect.any(String) },
      { kind: "read", path: "packages/array/package.json", message: "package.json is not a JSON object" },
    ]);
  });
});
