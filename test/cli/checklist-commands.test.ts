import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { createProject, ensureBundle, REPO, runCli } from "./run-cli.js";

beforeAll(ensureBundle);

const SAFE = { "index.ts": 'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nconst s = new McpServer({ name: "x", version: "1" });\ns.tool("ping", async () => ({ content: [] }));\n' };

describe("mcp-warden init", () => {
  it("writes a starter configuration that loads, lists attestable items commented, and refuses to overwrite without --force", async () => {
    const root = await createProject(SAFE);
    const first = runCli(["init", root]);
    expect(first.status).toBe(0);
    const text = await readFile(path.join(root, ".mcp-warden.yml"), "utf8");
    expect(text).toMatch(/^ {2}# MON-1:$/m);
    expect(text).not.toMatch(/^ {2}# UIX-1:$/m);
    expect(parseConfig(text, ".mcp-warden.yml").attestations).toEqual({});
    const again = runCli(["init", root]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists; use --force/);
    expect(runCli(["init", root, "--force"]).status).toBe(0);
  });
});

describe("mcp-warden badge", () => {
  it("writes the SVG and the shields.io endpoint JSON, and counts attestations", async () => {
    const root = await createProject(SAFE);
    const out = path.join(root, "badges");
    const before = runCli(["badge", root, "--out-dir", out]);
    expect(before.status).toBe(0);
    const endpoint = JSON.parse(await readFile(path.join(out, "mcp-warden-badge.json"), "utf8")) as { message: string; schemaVersion: number };
    expect(endpoint.schemaVersion).toBe(1);
    expect(await readFile(path.join(out, "mcp-warden-badge.svg"), "utf8")).toContain(endpoint.message);
    const score = (message: string) => Number(message.split(" · ")[1]);
    const attest = (id: string) => `  ${id}:\n    statement: Stated by the maintainer for this test\n    date: 2026-11-01\n`;
    await writeFile(path.join(root, ".mcp-warden.yml"), `attestations:\n${["MON-1", "MON-3", "MON-4", "MON-5", "SAUTH-5"].map(attest).join("")}`);
    expect(runCli(["badge", root, "--out-dir", out]).status).toBe(0);
    const after = JSON.parse(await readFile(path.join(out, "mcp-warden-badge.json"), "utf8")) as { message: string };
    expect(score(after.message)).toBeGreaterThan(score(endpoint.message));
  });

  it("shows every outcome kind on the bundled example server", () => {
    const result = runCli(["scan", "examples/vulnerable-server", "--format", "json", "--fail-on", "none"], { cwd: REPO });
    const counts = (JSON.parse(result.stdout) as { compliance: { counts: Record<string, number> } }).compliance.counts;
    for (const outcome of ["pass", "fail", "not_applicable", "manual", "attested", "error"]) expect(counts[outcome], outcome).toBeGreaterThan(0);
  });
});
