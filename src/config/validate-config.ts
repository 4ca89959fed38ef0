import { SEVERITIES, type Severity } from "../rule-api/types.js";
import { ConfigurationError } from "./configuration-error.js";
import { defaultConfig } from "./default-config.js";
import { CONFIG_KEYS, FAIL_ON_VALUES, RESERVED_KEYS, type Config, type FailOn, type RuleSetting } from "./schema.js";

export type ConfigPath = readonly (string | number)[];

/** The line a setting sits on, when the text it came from is known. */
export type Locate = (path: ConfigPath) => number | undefined;

const SETTING_SHAPE = "off, on or { severity: critical|high|medium|low }";

/** Checks a parsed configuration value against the schema and fills in defaults; throws a ConfigurationError at the first mistake. */
export function validateConfig(value: unknown, ruleIds: readonly string[], source: string, locate: Locate, itemIds: readonly string[] = []): Config {
  const fail = (path: ConfigPath, actual: unknown, expected: string, problem?: string): never => {
    throw new ConfigurationError({ key: keyOf(path), value: actual, expected, problem, source, line: locate(path) });
  };
  if (value === null || value === undefined) return defaultConfig;
  if (!isMapping(value)) return fail([], value, `a mapping of settings (${CONFIG_KEYS.join(", ")})`);
  for (const key of Object.keys(value)) {
    if ((CONFIG_KEYS as readonly string[]).includes(key) || RESERVED_KEYS.includes(key)) continue;
    fail([key], key, `one of ${[...CONFIG_KEYS, ...RESERVED_KEYS].join(", ")}`, unknownKey(key));
  }
  return {
    rules: value.rules === undefined ? defaultConfig.rules : rules(value.rules, ruleIds, fail),
    exclude: value.exclude === undefined ? defaultConfig.exclude : globs("exclude", value.exclude, fail),
    include: value.include === undefined ? defaultConfig.include : globs("include", value.include, fail),
    failOn: value.failOn === undefined ? defaultConfig.failOn : failOn(value.failOn, fail),
    maxFileSize: value.maxFileSize === undefined ? defaultConfig.maxFileSize : maxFileSize(value.maxFileSize, fail),
    attestations: value.attestations === undefined ? defaultConfig.attestations : attestations(value.attestations, itemIds, fail),
    checklist: value.checklist === undefined ? defaultConfig.checklist : checklist(value.checklist, fail),
  };
}

const ATTESTATION_KEYS = ["statement", "evidence", "date", "by"];

function attestations(value: unknown, itemIds: readonly string[], fail: Fail): Config["attestations"] {
  if (value === null) return {};
  if (!isMapping(value)) return fail(["attestations"], value, "a mapping of checklist item id to { statement, date, evidence?, by? }");
  return Object.fromEntries(
    Object.entries(value).map(([id, a]) => {
      if (itemIds.length && !itemIds.includes(id)) fail(["attestations", id], id, "a checklist item id such as MON-1 (mcp-warden init lists them)", `unknown checklist item ${JSON.stringify(id)}`);
      if (!isMapping(a)) return fail(["attestations", id], a, "{ statement, date, evidence?, by? }");
      for (const key of Object.keys(a)) if (!ATTESTATION_KEYS.includes(key)) fail(["attestations", id, key], key, `one of ${ATTESTATION_KEYS.join(", ")}`, `unknown key ${JSON.stringify(key)}`);
      const statement = typeof a.statement === "string" && a.statement.trim().length >= 10 ? a.statement.trim() : fail(["attestations", id, "statement"], a.statement, "a sentence saying how the item is met (10 characters or more)");
      const date = typeof a.date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(a.date) && !Number.isNaN(Date.parse(`${a.date}T00:00:00Z`)) ? a.date : fail(["attestations", id, "date"], a.date, "the date it was stated or last reviewed, as YYYY-MM-DD");
      if (a.evidence !== undefined && !(typeof a.evidence === "string" && /^https?:\/\/\S+$/.test(a.evidence))) fail(["attestations", id, "evidence"], a.evidence, "an http(s) link");
      if (a.by !== undefined && typeof a.by !== "string") fail(["attestations", id, "by"], a.by, "who made the statement, as text");
      return [id, { statement, date, ...(typeof a.evidence === "string" ? { evidence: a.evidence } : {}), ...(typeof a.by === "string" ? { by: a.by } : {}) }];
    }),
  );
}

function checklist(value: unknown, fail: Fail): Config["checklist"] {
  if (!isMapping(value)) return fail(["checklist"], value, "a mapping with attestationMaxAgeDays");
  for (const key of Object.keys(value)) if (key !== "attestationMaxAgeDays") fail(["checklist", key], key, "attestationMaxAgeDays", `unknown key ${JSON.stringify(key)}`);
  const days = value.attestationMaxAgeDays;
  if (days === undefined) return defaultConfig.checklist;
  return typeof days === "number" && Number.isSafeInteger(days) && days > 0 ? { attestationMaxAgeDays: days } : fail(["checklist", "attestationMaxAgeDays"], days, "a positive whole number of days");
}

type Fail = (path: ConfigPath, actual: unknown, expected: string, problem?: string) => never;

function rules(value: unknown, ruleIds: readonly string[], fail: Fail): Config["rules"] {
  if (value === null) return {};
  if (!isMapping(value)) return fail(["rules"], value, `a mapping of rule id to ${SETTING_SHAPE}`);
  return Object.fromEntries(
    Object.entries(value).map(([id, setting]) => {
      if (!ruleIds.includes(id)) fail(["rules", id], id, `one of ${ruleIds.join(", ")}`, `unknown rule id ${JSON.stringify(id)}`);
      return [id, ruleSetting(id, setting, fail)];
    }),
  );
}

function ruleSetting(id: string, value: unknown, fail: Fail): RuleSetting {
  if (value === "off" || value === "on") return value;
  if (!isMapping(value)) return fail(["rules", id], value, SETTING_SHAPE);
  for (const key of Object.keys(value)) {
    if (key !== "severity") fail(["rules", id, key], key, "only severity", `unknown key ${JSON.stringify(key)}`);
  }
  if (value.severity === undefined) return fail(["rules", id], value, "{ severity: critical|high|medium|low }", "severity is missing");
  if (!SEVERITIES.includes(value.severity as Severity)) {
    return fail(["rules", id, "severity"], value.severity, `one of ${SEVERITIES.join(", ")}`);
  }
  return { severity: value.severity as Severity };
}

function globs(key: "exclude" | "include", value: unknown, fail: Fail): string[] {
  if (value === null) return [];
  if (!Array.isArray(value)) return fail([key], value, "a list of globs");
  return value.map((item: unknown, i) => (typeof item === "string" && item.trim() !== "" ? item : fail([key, i], item, "a non-empty glob")));
}

function failOn(value: unknown, fail: Fail): FailOn {
  return FAIL_ON_VALUES.includes(value as FailOn) ? (value as FailOn) : fail(["failOn"], value, `one of ${FAIL_ON_VALUES.join(", ")}`);
}

function maxFileSize(value: unknown, fail: Fail): number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0
    ? value
    : fail(["maxFileSize"], value, "a positive whole number of bytes");
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** "unknown key", with the intended key when only case, dashes or underscores differ (`fail-on` for `failOn`). */
function unknownKey(key: string): string {
  const squash = (text: string) => text.toLowerCase().replace(/[-_]/g, "");
  const meant = [...CONFIG_KEYS, ...RESERVED_KEYS].find((known) => squash(known) === squash(key));
  return `unknown key ${JSON.stringify(key)}${meant === undefined ? "" : ` (did you mean ${meant}?)`}`;
}

function keyOf(path: ConfigPath): string {
  if (path.length === 0) return "(top level)";
  return path.map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join("");
}
