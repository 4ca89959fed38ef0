import { readFileSync, statSync } from "node:fs";
import { symlink } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/rule-api/types.js";
import { CLEAN_SERVER, CLI, createProject, ensureBundle, READ_SERVER, runCli, SHELL_SERVER, suppressedShellServer } from "./run-cli.js";

beforeAll(ensureBundle);

const ANSI = /\u001b\[/;

function jsonReport(stdout: string): ScanReport {
  return JSON.parse(stdout) as ScanReport;
}

describe("mcp-warden scan: exit codes", () => {
  it("exits 0 on a clean server, without colour when stdout is not a terminal", async () => {
    const root = await createProject({ "src/index.ts": CLEAN_SERVER });
    const result = runCli(["scan", "--rule", "no-shell-injection", root]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("No findings");
    expect(result.stdout).not.toMatch(ANSI);
    expect(result.stderr).toBe("");
  });

  it("exits 1 on a vulnerable server and prints the finding", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const result = runCli(["scan", "--rule", "no-shell-injection", root]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("src/index.ts:8:3  critical  no-shell-injection");
    expect(result.stdout).not.toMatch(ANSI);
  });

  it("scans the current folder when no path is given", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const result = runCli(["scan", "--rule", "no-shell-injection", "--format", "json"], { cwd: root });
    expect(result.status).toBe(1);
    expect(jsonReport(result.stdout).root).toBe(root);
  });

  it("exits 0 with --fail-on none whatever it finds", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    expect(runCli(["scan", "--rule", "no-shell-injection", root, "--fail-on", "none"]).status).toBe(0);
  });

  it("counts only findings at or above --fail-on (high by default)", async () => {
    const high = await createProject({ "src/index.ts": READ_SERVER });
    const critical = await createProject({ "src/index.ts": SHELL_SERVER });
    expect(runCli(["scan", "--rule", "no-path-traversal", high]).status).toBe(1);
    expect(runCli(["scan", "--rule", "no-path-traversal", high, "--fail-on", "critical"]).status).toBe(0);
    expect(runCli(["scan", "--rule", "no-shell-injection", critical, "--fail-on", "critical"]).status).toBe(1);
  });

  it("runs only the rules named by --rule", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const result = runCli(["scan", root, "--rule", "no-path-traversal", "--format", "json"]);
    expect(result.status).toBe(0);
    const report = jsonReport(result.stdout);
    expect(report.rules.map((rule) => rule.id)).toEqual(["no-path-traversal"]);
    expect(report.findings).toEqual([]);
  });
});

describe("mcp-warden scan: formats and output", () => {
  it("writes JSON with schemaVersion 1", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const result = runCli(["scan", "--rule", "no-shell-injection", root, "--format", "json"]);
    expect(result.status).toBe(1);
    const report = jsonReport(result.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.findings.map((finding) => [finding.ruleId, finding.location.path, finding.location.line])).toEqual([["no-shell-injection", "src/index.ts", 8]]);
  });

  it("writes SARIF 2.1.0", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const result = runCli(["scan", "--rule", "no-shell-injection", root, "-f", "sarif"]);
    expect(result.status).toBe(1);
    const sarif = JSON.parse(result.stdout) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(["no-shell-injection"]);
  });

  it("writes markdown starting with a heading", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const result = runCli(["scan", "--rule", "no-shell-injection", root, "--format", "markdown"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^#+ /);
  });

  it("writes the report to --output, notes it on stderr in one line, and prints nothing on stdout", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const output = path.join(root, "report.sarif");
    const result = runCli(["scan", "--rule", "no-shell-injection", root, "--format", "sarif", "--output", output]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`mcp-warden: wrote the sarif report to ${output} (1 finding)\n`);
    expect((JSON.parse(readFileSync(output, "utf8")) as { version: string }).version).toBe("2.1.0");
  });

  it("never colours a text report written to --output", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const output = path.join(root, "report.txt");
    expect(runCli(["scan", "--rule", "no-shell-injection", root, "--output", output]).status).toBe(1);
    expect(readFileSync(output, "utf8")).not.toMatch(ANSI);
  });

  it("exits 2 when --output cannot be written", async () => {
    const root = await createProject({ "src/index.ts": CLEAN_SERVER });
    const output = path.join(root, "missing-folder", "report.json");
    const result = runCli(["scan", "--rule", "no-shell-injection", root, "--format", "json", "--output", output]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`mcp-warden: --output: cannot write ${output} (ENOENT); expected a writable file path\n`);
  });

  it("prints where the time went to stderr with --timings, and puts it in the JSON report", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const result = runCli(["scan", "--rule", "no-shell-injection,no-ssrf", root, "--format", "json", "--timings"]);
    expect(result.status).toBe(1);
    const { timings } = jsonReport(result.stdout);
    expect(Object.keys(timings?.stages ?? {})).toEqual(["load", "program", "model", "rules", "report"]);
    expect(timings?.rules.map((r) => r.id).sort()).toEqual(["no-shell-injection", "no-ssrf"]);
    // Start-up is the time from the process start: loading the bundle alone takes a while.
    expect(timings?.startup).toBeGreaterThan(10);
    const lines = result.stderr.split("\n");
    expect(lines[0]).toBe("mcp-warden: where the time went");
    for (const stage of ["start-up", "load", "program", "model", "rules", "report", "total", "no-shell-injection", "no-ssrf"]) {
      expect(lines.some((line) => new RegExp(`^  ${stage} +\\d+\\.\\d +\\d+\\.\\d%$`).test(line)), stage).toBe(true);
    }
  });

  it("analyses a monorepo's batches in worker threads with --concurrency, reporting what one thread reports", async () => {
    const root = await createProject({
      "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }),
      "packages/a/package.json": JSON.stringify({ name: "a" }),
      "packages/a/src/index.ts": SHELL_SERVER,
      "packages/b/package.json": JSON.stringify({ name: "b" }),
      "packages/b/src/index.ts": SHELL_SERVER,
    });
    const args = ["scan", "--rule", "no-shell-injection", root, "--format", "json", "--batch-lines", "1"];
    const alone = runCli(args);
    const threaded = runCli([...args, "--concurrency", "2", "--timings"]);
    expect(threaded.status).toBe(1);
    const report = jsonReport(threaded.stdout);
    expect(report.findings.map((f) => `${f.location.path}:${f.location.line}`)).toEqual(["packages/a/src/index.ts:8", "packages/b/src/index.ts:8"]);
    expect(report.findings).toEqual(jsonReport(alone.stdout).findings);
    expect(report.errors).toEqual([]);
    expect(report.timings?.threads).toBe(2);
    expect(threaded.stderr).toContain("the batches ran in 2 threads at once");
  });

  it("exits 2 on a --concurrency or --batch-lines that is not a whole number from 1", () => {
    for (const [option, value] of [["--concurrency", "0"], ["--concurrency", "two"], ["--concurrency", "65"], ["--batch-lines", "0.5"], ["--batch-lines", "1e5"]] as const) {
      const result = runCli(["scan", option, value, "."]);
      expect(result.status, `${option} ${value}`).toBe(2);
      expect(result.stderr).toContain(`mcp-warden: ${option} takes a whole number of`);
    }
  });

  it("prints no timings and puts none in the report without --timings", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const result = runCli(["scan", "--rule", "no-shell-injection", root, "--format", "json"]);
    expect(jsonReport(result.stdout).timings).toBeUndefined();
    expect(result.stderr).toBe("");
  });
});

describe("mcp-warden scan: what the report covers", () => {
  it("reports a file with a syntax error in errors and still scans the others", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER, "src/broken.ts": "export const x = ;\n" });
    const result = runCli(["scan", "--rule", "no-shell-injection", root, "--format", "json"]);
    expect(result.status).toBe(1);
    const report = jsonReport(result.stdout);
    expect(report.errors).toEqual([expect.objectContaining({ kind: "parse", path: "src/broken.ts", line: 1 })]);
    expect(report.findings.map((finding) => finding.location.path)).toEqual(["src/index.ts"]);
  });

  it("keeps exit 0 when the only problem is a file that fails to parse, and prints the error in text", async () => {
    const root = await createProject({ "src/index.ts": CLEAN_SERVER, "src/broken.ts": "export const x = ;\n" });
    const result = runCli(["scan", "--rule", "no-shell-injection", root]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("src/broken.ts:1: parse error");
  });

  it("skips and lists a symlink pointing out of the root without scanning its target", async () => {
    const outside = await createProject({ "evil.ts": SHELL_SERVER });
    const root = await createProject({ "src/index.ts": CLEAN_SERVER });
    await symlink(path.join(outside, "evil.ts"), path.join(root, "src/linked.ts"));
    const result = runCli(["scan", "--rule", "no-shell-injection", root, "--format", "json"]);
    expect(result.status).toBe(0);
    const report = jsonReport(result.stdout);
    expect(report.files.skipped).toEqual([expect.objectContaining({ path: "src/linked.ts", reason: "symlink-outside-root" })]);
    expect(report.findings).toEqual([]);
    expect(report.files.scanned).toBe(1);
    expect(runCli(["scan", "--rule", "no-shell-injection", root, "--verbose"]).stdout).toContain("src/linked.ts: note: skipped");
  });

  it("honours a suppression comment with a reason", async () => {
    const root = await createProject({
      "src/index.ts": suppressedShellServer("// mcp-warden-ignore-next-line no-shell-injection -- cmd is checked against an allowlist by the proxy"),
    });
    const result = runCli(["scan", "--rule", "no-shell-injection", root, "--format", "json"]);
    expect(result.status).toBe(0);
    const report = jsonReport(result.stdout);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([
      expect.objectContaining({ ruleId: "no-shell-injection", suppression: expect.objectContaining({ reason: "cmd is checked against an allowlist by the proxy" }) }),
    ]);
  });

  it("ignores a suppression comment without a reason and reports the comment", async () => {
    const root = await createProject({ "src/index.ts": suppressedShellServer("// mcp-warden-ignore-next-line no-shell-injection") });
    const result = runCli(["scan", "--rule", "no-shell-injection", root, "--format", "json"]);
    expect(result.status).toBe(1);
    const report = jsonReport(result.stdout);
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(["no-shell-injection"]);
    expect(report.suppressed).toEqual([]);
    expect(report.suppressionProblems).toEqual([expect.objectContaining({ kind: "missing-reason", ruleId: "no-shell-injection" })]);
  });

  it("leaves out paths matched by --exclude and scans default-skipped ones named by --include", async () => {
    const root = await createProject({ "src/index.ts": CLEAN_SERVER, "scripts/run.ts": SHELL_SERVER, "vendor/lib/run.ts": SHELL_SERVER });
    expect(runCli(["scan", "--rule", "no-shell-injection", root, "--exclude", "scripts/"]).status).toBe(0);
    const included = jsonReport(runCli(["scan", "--rule", "no-shell-injection", root, "--exclude", "scripts/", "--include", "vendor/lib/**", "--format", "json"]).stdout);
    expect(included.findings.map((finding) => finding.location.path)).toEqual(["vendor/lib/run.ts"]);
  });
});

describe("mcp-warden scan: configuration", () => {
  it("reads .mcp-warden.yml from the scanned folder: severities, failOn and exclude", async () => {
    const files = { "src/index.ts": SHELL_SERVER, "scripts/tool.ts": SHELL_SERVER };
    const settings = "rules:\n  no-shell-injection: { severity: low }\nexclude: [scripts/]\n";
    const low = await createProject({ ...files, ".mcp-warden.yml": `${settings}failOn: low\n` });
    const result = runCli(["scan", "--rule", "no-shell-injection", low, "--format", "json"]);
    expect(result.status).toBe(1);
    const report = jsonReport(result.stdout);
    expect(report.findings.map((finding) => [finding.location.path, finding.ruleId, finding.severity])).toEqual([["src/index.ts", "no-shell-injection", "low"]]);
    expect(report.rules.find((rule) => rule.id === "no-shell-injection")?.severity).toBe("low");
    const medium = await createProject({ ...files, ".mcp-warden.yml": `${settings}failOn: medium\n` });
    expect(runCli(["scan", "--rule", "no-shell-injection", medium]).status).toBe(0);
  });

  it("lets --fail-on override the configuration's failOn", async () => {
    const root = await createProject({ "src/index.ts": READ_SERVER, ".mcp-warden.yaml": "failOn: critical\n" });
    expect(runCli(["scan", "--rule", "no-path-traversal", root]).status).toBe(0);
    expect(runCli(["scan", "--rule", "no-path-traversal", root, "--fail-on", "high"]).status).toBe(1);
  });

  it("skips rules turned off, unless --rule names them", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER, ".mcp-warden.yml": "rules:\n  no-shell-injection: off\n" });
    expect(runCli(["scan", root]).status).toBe(0);
    expect(runCli(["scan", root, "--rule", "no-shell-injection"]).status).toBe(1);
  });

  it("ignores the configuration with --no-config and reads another with --config", async () => {
    const root = await createProject({
      "src/index.ts": SHELL_SERVER,
      ".mcp-warden.yml": "failOn: none\n",
      "strict.yml": "failOn: low\n",
    });
    expect(runCli(["scan", root]).status).toBe(0);
    expect(runCli(["scan", root, "--no-config"]).status).toBe(1);
    expect(runCli(["scan", ".", "--config", "strict.yml"], { cwd: root }).status).toBe(1);
  });

  it("reads attestations and checklist settings, and names the key of a broken attestation", async () => {
    const good = await createProject({ "src/index.ts": CLEAN_SERVER, ".mcp-warden.yml": "attestations:\n  MON-1:\n    statement: Alerts page the maintainer on unusual call rates\n    date: 2026-11-01\nchecklist:\n  attestationMaxAgeDays: 90\n" });
    expect(runCli(["scan", good])).toMatchObject({ status: 0, stderr: "" });
    const bad = await createProject({ "src/index.ts": CLEAN_SERVER, ".mcp-warden.yml": "attestations:\n  X-1: yes\n" });
    const result = runCli(["scan", bad]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/attestations\.X-1: unknown checklist item "X-1"/);
  });

  it.each([
    ["a YAML syntax error", "rules:\n  no-ssrf: [off\nfailOn: high\n", /^mcp-warden: \.mcp-warden\.yml:3: YAML: .+; expected valid YAML\n$/],
    ["an unknown key", "failOn: high\nfail_on: low\n", /^mcp-warden: \.mcp-warden\.yml:2: fail_on: unknown key "fail_on" \(did you mean failOn\?\); expected one of rules, /],
    ["a bad severity", "rules:\n  no-ssrf:\n    severity: urgent\n", /^mcp-warden: \.mcp-warden\.yml:3: rules\.no-ssrf\.severity: "urgent" is not valid; expected one of critical, high, medium, low\n$/],
    ["an unknown rule id", "rules:\n  no-foo: off\n", /^mcp-warden: \.mcp-warden\.yml:2: rules\.no-foo: unknown rule id "no-foo"; expected one of no-api-path-traversal, no-code-injection, /],
  ])("exits 2 on %s, naming the file, line and key", async (_what, config, message) => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER, ".mcp-warden.yml": config });
    const result = runCli(["scan", "."], { cwd: root });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("exits 2 when both .mcp-warden.yml and .mcp-warden.yaml exist", async () => {
    const root = await createProject({ "src/index.ts": CLEAN_SERVER, ".mcp-warden.yml": "", ".mcp-warden.yaml": "" });
    const result = runCli(["scan", root]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("both");
  });
});

describe("mcp-warden scan: pull-request mode", () => {
  it("reports only on the files given with --changed, relative to the working directory", async () => {
    const root = await createProject({ "src/shell.ts": SHELL_SERVER, "src/read.ts": READ_SERVER });
    const result = runCli(["scan", "--changed", "src/read.ts", "--format", "json", "--no-config"], { cwd: root });
    expect(result.status).toBe(1);
    const report = jsonReport(result.stdout);
    expect(report.changedFiles).toEqual(["src/read.ts"]);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.location.path === "src/read.ts")).toBe(true);
    expect(report.files.scanned).toBe(1);
    expect(report.compliance).toBeUndefined();
  });

  it("reads the list from stdin with --changed-from - and says what it covered", async () => {
    const root = await createProject({ "src/shell.ts": SHELL_SERVER, "src/read.ts": READ_SERVER, "src/clean.ts": CLEAN_SERVER });
    const result = runCli(["scan", root, "--changed-from", "-", "--rule", "no-shell-injection", "--no-config"], { input: `${path.join(root, "src/shell.ts")}\nsrc/clean.ts\n\n` , cwd: root });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("src/shell.ts:8:3  critical  no-shell-injection");
    expect(result.stdout).toContain("2 changed files reported on, 2 files analysed");
  });

  it("exits 2 when the list of changed files cannot be read", async () => {
    const root = await createProject({ "src/index.ts": CLEAN_SERVER });
    const result = runCli(["scan", root, "--changed-from", "missing.txt"], { cwd: root });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("cannot read the list of changed files missing.txt (ENOENT)");
  });
});

describe("the bundle", () => {
  it("is an executable file starting with a shebang", () => {
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
    expect(readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });
});
