import { describe, expect, it } from "vitest";
import { ConfigurationError, defaultConfig, parseConfig } from "../../src/config/index.js";
import { RULES } from "../../rules/index.js";

const RULE_IDS = ["no-shell-injection", "no-ssrf"];

function errorOf(text: string): ConfigurationError {
  try {
    parseConfig(text, ".mcp-warden.yml", RULE_IDS);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigurationError for ${JSON.stringify(text)}`);
}

describe("parseConfig", () => {
  it("gives the defaults for an empty file or one holding only comments", () => {
    expect(parseConfig("", "x.yml")).toEqual(defaultConfig);
    expect(parseConfig("# nothing yet\n", "x.yml")).toEqual(defaultConfig);
  });

  it("uses defaults for keys that are not set", () => {
    expect(parseConfig("failOn: low\n", "x.yml")).toEqual({ ...defaultConfig, failOn: "low" });
    expect(defaultConfig).toEqual({ rules: {}, exclude: [], include: [], failOn: "high", maxFileSize: 1024 * 1024, attestations: {}, checklist: { attestationMaxAgeDays: 365 } });
  });

  it("reads every setting", () => {
    const text = [
      "rules:",
      "  no-shell-injection: off",
      "  no-ssrf: { severity: medium }",
      "exclude: [scripts/, '**/*.generated.ts']",
      "include:",
      "  - vendor/ours/**",
      "failOn: none",
      "maxFileSize: 2097152",
      "attestations:",
      "  MON-1:",
      "    statement: Tool-call rates alert in our Grafana",
      "    evidence: https://wiki.example.com/alerts",
      "    date: 2026-10-01",
      "    by: '@alice'",
      "checklist:",
      "  attestationMaxAgeDays: 180",
    ].join("\n");
    expect(parseConfig(text, "x.yml", RULE_IDS)).toEqual({
      rules: { "no-shell-injection": "off", "no-ssrf": { severity: "medium" } },
      exclude: ["scripts/", "**/*.generated.ts"],
      include: ["vendor/ours/**"],
      failOn: "none",
      maxFileSize: 2097152,
      attestations: { "MON-1": { statement: "Tool-call rates alert in our Grafana", evidence: "https://wiki.example.com/alerts", date: "2026-10-01", by: "@alice" } },
      checklist: { attestationMaxAgeDays: 180 },
    });
  });

  it("treats empty rules, exclude and include as empty", () => {
    expect(parseConfig("rules:\nexclude:\ninclude:\n", "x.yml")).toEqual(defaultConfig);
  });

  it("accepts on and follows YAML anchors", () => {
    expect(parseConfig("rules:\n  no-ssrf: on\nexclude: &skip [a/]\ninclude: *skip\n", "x.yml", RULE_IDS)).toMatchObject({
      rules: { "no-ssrf": "on" },
      exclude: ["a/"],
      include: ["a/"],
    });
  });

  it("names the key of a broken attestation", () => {
    expect(() => parseConfig("attestations:\n  MCP-1: { statement: a long enough statement, date: 2026-01-01 }\n", "x.yml")).toThrow(/x\.yml:2: attestations\.MCP-1: unknown checklist item "MCP-1"/);
    expect(() => parseConfig("attestations:\n  MON-1: { date: 2026-01-01 }\n", "x.yml")).toThrow(/attestations\.MON-1\.statement: .*expected a sentence/);
    expect(() => parseConfig("attestations:\n  MON-1: { statement: alerts are wired up, date: last week }\n", "x.yml")).toThrow(/attestations\.MON-1\.date: "last week" is not valid; expected the date it was stated or last reviewed, as YYYY-MM-DD/);
    expect(() => parseConfig("attestations:\n  MON-1: { statement: alerts are wired up, date: 2026-01-01, evidence: wiki }\n", "x.yml")).toThrow(/attestations\.MON-1\.evidence: "wiki" is not valid; expected an http\(s\) link/);
    expect(() => parseConfig("attestations:\n  MON-1: { statement: alerts are wired up, date: 2026-01-01, owner: me }\n", "x.yml")).toThrow(/attestations\.MON-1\.owner: unknown key "owner"/);
    expect(() => parseConfig("checklist:\n  attestationMaxAgeDays: -1\n", "x.yml")).toThrow(/checklist\.attestationMaxAgeDays: -1 is not valid; expected a positive whole number of days/);
  });

  it("knows the registry's rule ids by default", () => {
    const text = RULES.map((rule) => `  ${rule.id}: off`).join("\n");
    expect(Object.keys(parseConfig(`rules:\n${text}\n`, "x.yml").rules)).toEqual(RULES.map((rule) => rule.id));
  });
});

describe("parseConfig errors", () => {
  it.each([
    ["YAML syntax", "rules:\n  no-ssrf: [off\nfailOn: high\n", "YAML", 3, /^\.mcp-warden\.yml:3: YAML: Flow sequence .*; expected valid YAML$/],
    ["duplicate keys", "failOn: low\nfailOn: high\n", "YAML", 2, /^\.mcp-warden\.yml:2: YAML: Map keys must be unique; expected valid YAML$/],
    ["two documents", "failOn: low\n---\nfailOn: high\n", "YAML", 2, /: YAML: a second document starts here; expected a single YAML document$/],
    ["an unresolved alias", "failOn: *level\n", "YAML", undefined, /^\.mcp-warden\.yml: YAML: Unresolved alias .*; expected valid YAML$/],
    ["a list at the top", "- failOn\n", "(top level)", 1, /^\.mcp-warden\.yml:1: \(top level\): a list is not valid; expected a mapping of settings \(rules, exclude, include, failOn, maxFileSize, attestations, checklist\)$/],
    ["a scalar at the top", "high\n", "(top level)", 1, /\(top level\): "high" is not valid; expected a mapping/],
    ["an unknown key", "failOn: low\nignore: [a]\n", "ignore", 2, /^\.mcp-warden\.yml:2: ignore: unknown key "ignore"; expected one of rules, exclude, include, failOn, maxFileSize, attestations, checklist$/],
    ["a misspelt key", "max_file_size: 10\n", "max_file_size", 1, /unknown key "max_file_size" \(did you mean maxFileSize\?\)/],
    ["rules as a list", "rules: [no-ssrf]\n", "rules", 1, /rules: a list is not valid; expected a mapping of rule id to off, on or \{ severity: critical\|high\|medium\|low \}$/],
    ["an unknown rule id", "rules:\n  no-ssrf: off\n  no-foo: off\n", "rules.no-foo", 3, /^\.mcp-warden\.yml:3: rules\.no-foo: unknown rule id "no-foo"; expected one of no-shell-injection, no-ssrf$/],
    ["a rule set to a boolean", "rules:\n  no-ssrf: false\n", "rules.no-ssrf", 2, /rules\.no-ssrf: false is not valid; expected off, on or \{ severity: critical\|high\|medium\|low \}$/],
    ["a rule set to a word", "rules:\n  no-ssrf: disabled\n", "rules.no-ssrf", 2, /rules\.no-ssrf: "disabled" is not valid; expected off, on or/],
    ["a rule without severity", "rules:\n  no-ssrf: {}\n", "rules.no-ssrf", 2, /rules\.no-ssrf: severity is missing; expected \{ severity: critical\|high\|medium\|low \}$/],
    ["a rule with another key", "rules:\n  no-ssrf:\n    severity: low\n    level: 2\n", "rules.no-ssrf.level", 4, /rules\.no-ssrf\.level: unknown key "level"; expected only severity$/],
    ["a bad severity", "rules:\n  no-ssrf:\n    severity: urgent\n", "rules.no-ssrf.severity", 3, /^\.mcp-warden\.yml:3: rules\.no-ssrf\.severity: "urgent" is not valid; expected one of critical, high, medium, low$/],
    ["exclude as a string", "exclude: dist\n", "exclude", 1, /exclude: "dist" is not valid; expected a list of globs$/],
    ["a non-string glob", "include:\n  - a/\n  - 3\n", "include[1]", 3, /^\.mcp-warden\.yml:3: include\[1\]: 3 is not valid; expected a non-empty glob$/],
    ["an empty glob", "exclude: ['']\n", "exclude[0]", 1, /exclude\[0\]: "" is not valid; expected a non-empty glob$/],
    ["a bad failOn", "failOn: always\n", "failOn", 1, /failOn: "always" is not valid; expected one of critical, high, medium, low, none$/],
    ["an empty failOn", "failOn:\n", "failOn", 1, /failOn: an empty value is not valid; expected one of/],
    ["a fractional maxFileSize", "maxFileSize: 1.5\n", "maxFileSize", 1, /maxFileSize: 1\.5 is not valid; expected a positive whole number of bytes$/],
    ["a zero maxFileSize", "maxFileSize: 0\n", "maxFileSize", 1, /maxFileSize: 0 is not valid/],
    ["a maxFileSize with a unit", "maxFileSize: 1MB\n", "maxFileSize", 1, /maxFileSize: "1MB" is not valid/],
    ["binary data", "maxFileSize: !!binary aGk=\n", "maxFileSize", 1, /maxFileSize: binary data is not valid/],
  ])("names the key, value and expectation for %s", (_what, text, key, line, message) => {
    const error = errorOf(text);
    expect(error.key).toBe(key);
    expect(error.line).toBe(line);
    expect(error.source).toBe(".mcp-warden.yml");
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("\n");
  });

  it("keeps the value and what was expected on the error", () => {
    const error = errorOf("failOn: always\n");
    expect(error).toMatchObject({ name: "ConfigurationError", key: "failOn", value: "always", expected: "one of critical, high, medium, low, none" });
  });

  it("shortens a long value in the message", () => {
    const error = errorOf(`failOn: ${"x".repeat(200)}\n`);
    expect(error.message).toContain(`"${"x".repeat(60)}…"`);
  });

  it("does not let a __proto__ key through", () => {
    expect(errorOf("__proto__: { failOn: none }\n").key).toBe("__proto__");
    expect(errorOf("rules:\n  __proto__: off\n").key).toBe("rules.__proto__");
  });
});
