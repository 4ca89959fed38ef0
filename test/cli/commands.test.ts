import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.js";
import { DEFAULT_EXCLUDES } from "../../src/engine/load/default-excludes.js";
import { ensureBundle, REPO, runCli } from "./run-cli.js";

const packageVersion = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

beforeAll(ensureBundle);

describe("mcp-warden --help, --version and rules", () => {
  it("prints the version from package.json", () => {
    const result = runCli(["--version"]);
    expect(result).toMatchObject({ status: 0, stdout: `${packageVersion}\n`, stderr: "" });
  });

  it("documents every scan option, the exit codes, suppressions, the configuration and the default excludes", () => {
    const result = runCli(["--help"]);
    expect(result.status).toBe(0);
    for (const option of ["--format", "--output", "--fail-on", "--rule", "--config", "--no-config", "--exclude", "--include", "--verbose", "--no-color", "--timings", "--batch-lines", "--concurrency", "--version"]) {
      expect(result.stdout).toContain(option);
    }
    expect(result.stdout).toMatch(/^Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 /m);
    expect(result.stdout).toContain("// mcp-warden-ignore-next-line <rule-id> -- <reason>");
    expect(result.stdout).toContain(".mcp-warden.yml");
    for (const folder of DEFAULT_EXCLUDES.folders) expect(result.stdout).toContain(folder);
    expect(result.stdout).toContain(DEFAULT_EXCLUDES.sourceFiles[0]);
  });

  it("shows the scan command's help with scan --help, and every help line fits 100 columns", () => {
    const result = runCli(["scan", "--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: mcp-warden scan \[path\]/);
    expect(result.stdout).toContain("--fail-on <severity>");
    for (const line of result.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("lists every rule with its severity, CWE and description", () => {
    const result = runCli(["rules"]);
    expect(result.status).toBe(0);
    for (const rule of RULES) {
      const line = result.stdout.split("\n").find((text) => text.startsWith(`${rule.id} `));
      expect(line).toBeDefined();
      expect(line).toContain(rule.meta.severity);
      expect(line).toContain(rule.meta.cwe.join(","));
      expect(line).toContain(rule.meta.description);
    }
  });
});

describe("usage errors exit 2 with one line on stderr", () => {
  it.each([
    ["an unknown option", ["scan", "--bogus"], "mcp-warden: unknown option --bogus (see mcp-warden scan --help)"],
    ["an unknown command", ["audit"], 'mcp-warden: unknown command "audit"; expected scan, rules, badge or init (see mcp-warden --help)'],
    ["no command", [], "mcp-warden: missing command; expected scan, rules, badge or init (see mcp-warden --help)"],
    ["an option missing its value", ["scan", "--format"], "mcp-warden: --format needs a value (see mcp-warden scan --help)"],
    ["two paths", ["scan", "a", "b"], 'mcp-warden: unexpected argument "b"; the command takes one path (see mcp-warden scan --help)'],
    ["a missing path", ["scan", "./nope"], "mcp-warden: no such file or folder: ./nope"],
    ["an unknown --rule", ["scan", "--rule", "no-foo"], `mcp-warden: --rule: unknown rule id "no-foo"; expected one of ${RULES.map((rule) => rule.id).join(", ")}`],
    ["a bad --format", ["scan", "--format", "xml"], 'mcp-warden: --format: "xml" is not valid; expected one of text, json, sarif, markdown'],
    ["a bad --fail-on", ["scan", "--fail-on", "urgent"], 'mcp-warden: --fail-on: "urgent" is not valid; expected one of critical, high, medium, low, none'],
    ["--config with --no-config", ["scan", "--config", "x.yml", "--no-config"], "mcp-warden: --config and --no-config cannot be used together"],
    ["a missing --config file", ["scan", "--config", "nope.yml"], "mcp-warden: config file: cannot read nope.yml (no such file); expected a readable YAML file"],
  ])("for %s", (_what, args, message) => {
    const result = runCli(args);
    expect(result).toEqual({ status: 2, stdout: "", stderr: `${message}\n` });
  });
});
