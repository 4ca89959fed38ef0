import type { Rule } from "../rule-api/rule.js";
import type { Config } from "./schema.js";

/** The rules a scan runs: those named in `only` when given (even if the configuration turns them off), else every rule not turned off. */
export function selectRules(all: readonly Rule[], settings: Config["rules"], only: readonly string[] = []): Rule[] {
  if (only.length > 0) return all.filter((rule) => only.includes(rule.id));
  return all.filter((rule) => settings[rule.id] !== "off");
}
