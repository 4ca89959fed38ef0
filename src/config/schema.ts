import type { Severity } from "../rule-api/types.js";

/**
 * `.mcp-warden.yml`:
 *
 *   rules:                      # every rule runs by default
 *     no-ssrf: off              # off | on | { severity: critical|high|medium|low }
 *     no-path-traversal: { severity: medium }
 *   exclude: ["scripts/**"]     # globs relative to the scanned folder, gitignore habits
 *   include: ["vendor/mine/**"] # scan these even where a default exclude would skip them
 *   failOn: high                # critical | high | medium | low | none
 *   maxFileSize: 1048576        # bytes; larger source files are skipped with a note
 *
 * `attestations` and `checklist` are reserved for the SlowMist checklist settings: accepted and not read yet.
 */
export interface Config {
  /** Rules switched off or given another severity; rules not named run with their own severity. */
  rules: Readonly<Record<string, RuleSetting>>;
  exclude: readonly string[];
  include: readonly string[];
  failOn: FailOn;
  maxFileSize: number;
}

export type RuleSetting = "off" | "on" | { severity: Severity };

export type FailOn = Severity | "none";

export const FAIL_ON_VALUES: readonly FailOn[] = ["critical", "high", "medium", "low", "none"];

export const CONFIG_KEYS = ["rules", "exclude", "include", "failOn", "maxFileSize"] as const satisfies readonly (keyof Config)[];

/** Top-level keys later work defines; accepted now so a configuration written for a newer version still loads. */
export const RESERVED_KEYS: readonly string[] = ["attestations", "checklist"];

/** Looked for, in this order, in the scanned folder. */
export const CONFIG_FILE_NAMES: readonly string[] = [".mcp-warden.yml", ".mcp-warden.yaml"];
