import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const out = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-warden-bench-test-"));

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

// Proves the benchmark runs end to end on a small tree; it never judges the times.
describe("npm run bench", () => {
  it("generates, scans as a process, finds every seeded flaw and reports the same findings in pull-request mode", async () => {
    const json = path.join(out, "bench.json");
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/bench.ts", "--sizes", "4000", "--pr-files", "2", "--json", json], { cwd: path.resolve(import.meta.dirname, "../..") });
    const [result] = (JSON.parse(fs.readFileSync(json, "utf8")) as { results: Record<string, unknown>[] }).results;
    expect(result).toMatchObject({ unexpected: [], prFiles: 2, prSame: true });
    expect(result?.seeded).toBeGreaterThan(1);
    expect(result?.found).toBe(result?.seeded);
    for (const key of ["lines", "files", "parseMs", "scanMs", "peakBytes", "prMs", "prPeakBytes"]) expect(result?.[key]).toBeGreaterThan(0);
    expect(stdout).toMatch(/^\| lines \| files \| parse only \| full scan \|/);
    expect(stdout).toMatch(/^\| lines \| start-up \| load \| program \| model \| rules \| report \|$/m);
    const stages = (result?.timings as { stages: Record<string, number> } | undefined)?.stages;
    expect(stages?.program).toBeGreaterThan(0);
    expect(stages?.rules).toBeGreaterThan(0);
    expect(stdout).toMatch(/(met|MISSED) +peak memory under 1 GiB/);
  }, 120_000);
});
