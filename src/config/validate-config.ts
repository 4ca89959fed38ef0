import { SEVERITIES, type Severity } from "../rule-api/types.js";
import { ConfigurationError } from "./configuration-error.js";
import { defaultConfig } from "./default-config.js";
import { CONFIG_KEYS, FAIL_ON_VALUES, RESERVED_KEYS, type Config, type FailOn, type RuleSetting } from "./schema.js";

export type ConfigPath = readonly (string | number)[];

/** The line a setting sits on, when the text it came from is known. */
export type Locate = (path: ConfigPath) => number | undefined;

const SETTING_SHAPE = "off, on or { severity: critical|high|medium|low }";

/** Checks a parsed configuration value against the schema and fills in defaults; throws a ConfigurationError at the first mistake. */
export function validateConfig(value: unknown, ruleIds: readonly string[], source: string, locate: Locate): Config {
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
  };
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
