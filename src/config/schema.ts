import type { Attestation, Severity } from "../rule-api/types.js";

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
 *   attestations:               # checklist items a repository cannot show, stated by the maintainer
 *     MON-1:
 *       statement: Tool-call rates alert in our Grafana   # required
 *       evidence: https://wiki.example.com/mcp-alerts     # optional, an http(s) link
 *       date: 2026-10-01                                   # required, YYYY-MM-DD
 *       by: "@alice"                                       # optional
 *   checklist:
 *     attestationMaxAgeDays: 365  # older attestations count as not given until re-dated
 */
export interface Config {
  /** Rules switched off or given another severity; rules not named run with their own severity. */
  rules: Readonly<Record<string, RuleSetting>>;
  exclude: readonly string[];
  include: readonly string[];
  failOn: FailOn;
  maxFileSize: number;
  /** Checklist item id → the maintainer's statement that it is met. */
  attestations: Readonly<Record<string, Attestation>>;
  checklist: { attestationMaxAgeDays: number };
}

export type RuleSetting = "off" | "on" | { severity: Severity };

export type FailOn = Severity | "none";

export const FAIL_ON_VALUES: readonly FailOn[] = ["critical", "high", "medium", "low", "none"];

export const CONFIG_KEYS = ["rules", "exclude", "include", "failOn", "maxFileSize", "attestations", "checklist"] as const satisfies readonly (keyof Config)[];

/** Top-level keys a later version may define; none yet. */
export const RESERVED_KEYS: readonly string[] = [];

/** Looked for, in this order, in the scanned folder. */
export const CONFIG_FILE_NAMES: readonly string[] = [".mcp-warden.yml", ".mcp-warden.yaml"];
