import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigurationError, FAIL_ON_VALUES, type FailOn } from "../config/index.js";
import { MAX_THREADS } from "../engine/batch-pool.js";
import { wholeNumber } from "../engine/whole-number.js";
import { FORMATS, type Format } from "../reporters/index.js";
import { UsageError } from "./usage-error.js";

export type Command =
  | { kind: "help"; topic: "general" | "scan" | "rules" | "badge" | "init" }
  | { kind: "version" }
  | { kind: "rules" }
  | { kind: "scan"; flags: ScanFlags }
  | { kind: "badge"; flags: ScanFlags; outDir: string }
  | { kind: "init"; path: string; force: boolean };

/** The scan command's options as given; undefined means "not on the command line", so the configuration decides. */
export interface ScanFlags {
  path: string;
  format: Format;
  output: string | undefined;
  failOn: FailOn | undefined;
  rules: string[];
  config: string | undefined;
  noConfig: boolean;
  exclude: string[];
  include: string[];
  verbose: boolean;
  noColor: boolean;
  /** Print where the time went, by stage and by rule, to stderr. */
  timings: boolean;
  /** Threads analysing a batched monorepo's batches at once; "auto" takes one per core, up to a cap. */
  concurrency: number | "auto";
  /** Source lines per program before a monorepo is analysed in batches; undefined keeps the default. */
  batchLines: number | undefined;
  /** Pull-request mode: report only on these files (as given, relative to the working directory). */
  changed: string[];
  /** A file listing changed files one per line, "-" for stdin. */
  changedFrom: string | undefined;
}

const GLOBAL_OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

const SCAN_OPTIONS = {
  format: { type: "string", short: "f" },
  output: { type: "string", short: "o" },
  "fail-on": { type: "string" },
  rule: { type: "string", multiple: true },
  config: { type: "string", short: "c" },
  "no-config": { type: "boolean" },
  exclude: { type: "string", multiple: true },
  include: { type: "string", multiple: true },
  verbose: { type: "boolean" },
  "no-color": { type: "boolean" },
  timings: { type: "boolean" },
  concurrency: { type: "string" },
  "batch-lines": { type: "string" },
  changed: { type: "string", multiple: true },
  "changed-from": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

const RULES_OPTIONS = { help: { type: "boolean", short: "h" } } as const satisfies ParseArgsConfig["options"];

const BADGE_OPTIONS = {
  "out-dir": { type: "string" },
  config: { type: "string", short: "c" },
  "no-config": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

const INIT_OPTIONS = { force: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const satisfies ParseArgsConfig["options"];

/** Reads `mcp-warden [--help|--version]`, `mcp-warden scan [path] [options]` and `mcp-warden rules`. */
export function parseCommandLine(argv: readonly string[], ruleIds: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError("missing command; expected scan, rules, badge or init (see mcp-warden --help)");
  if (first.startsWith("-")) {
    const { values } = parse(argv, GLOBAL_OPTIONS, "mcp-warden --help", 0);
    return values.version && !values.help ? { kind: "version" } : { kind: "help", topic: "general" };
  }
  if (first === "rules") {
    const { values } = parse(rest, RULES_OPTIONS, "mcp-warden rules --help", 0);
    return values.help ? { kind: "help", topic: "rules" } : { kind: "rules" };
  }
  if (first === "scan") return parseScan(rest, ruleIds);
  if (first === "badge") {
    const { values, positionals } = parse(rest, BADGE_OPTIONS, "mcp-warden badge --help", 1);
    if (values.help) return { kind: "help", topic: "badge" };
    if (values.config !== undefined && values["no-config"]) throw new UsageError("--config and --no-config cannot be used together");
    const flags: ScanFlags = { path: positionals[0] ?? ".", format: "text", output: undefined, failOn: undefined, rules: [], config: values.config, noConfig: values["no-config"] ?? false, exclude: [], include: [], verbose: false, noColor: true, timings: false, concurrency: 1, batchLines: undefined, changed: [], changedFrom: undefined };
    return { kind: "badge", flags, outDir: values["out-dir"] ?? "." };
  }
  if (first === "init") {
    const { values, positionals } = parse(rest, INIT_OPTIONS, "mcp-warden init --help", 1);
    return values.help ? { kind: "help", topic: "init" } : { kind: "init", path: positionals[0] ?? ".", force: values.force ?? false };
  }
  throw new UsageError(`unknown command ${JSON.stringify(first)}; expected scan, rules, badge or init (see mcp-warden --help)`);
}

function parseScan(args: readonly string[], ruleIds: readonly string[]): Command {
  const { values, positionals } = parse(args, SCAN_OPTIONS, "mcp-warden scan --help", 1);
  if (values.help) return { kind: "help", topic: "scan" };
  if (values.config !== undefined && values["no-config"]) throw new UsageError("--config and --no-config cannot be used together");
  const rules = (values.rule ?? []).flatMap((value) => value.split(",")).map((id) => id.trim()).filter((id) => id !== "");
  for (const id of rules) {
    if (!ruleIds.includes(id)) {
      throw new ConfigurationError({ key: "--rule", value: id, problem: `unknown rule id ${JSON.stringify(id)}`, expected: `one of ${ruleIds.join(", ")}` });
    }
  }
  return {
    kind: "scan",
    flags: {
      path: positionals[0] ?? ".",
      format: oneOf("--format", values.format ?? "text", FORMATS),
      output: values.output,
      failOn: values["fail-on"] === undefined ? undefined : oneOf("--fail-on", values["fail-on"], FAIL_ON_VALUES),
      rules,
      config: values.config,
      noConfig: values["no-config"] ?? false,
      exclude: values.exclude ?? [],
      include: values.include ?? [],
      verbose: values.verbose ?? false,
      noColor: values["no-color"] ?? false,
      timings: values.timings ?? false,
      concurrency: values.concurrency === "auto" ? "auto" : wholeNumberOption("--concurrency", values.concurrency ?? "1", MAX_THREADS, `a whole number of threads from 1 to ${MAX_THREADS}, or "auto"`),
      batchLines: values["batch-lines"] === undefined ? undefined : wholeNumberOption("--batch-lines", values["batch-lines"], Number.MAX_SAFE_INTEGER, "a whole number of lines from 1"),
      changed: (values.changed ?? []).flatMap((value) => value.split(",")).map((file) => file.trim()).filter((file) => file !== ""),
      changedFrom: values["changed-from"],
    },
  };
}

function wholeNumberOption(option: string, value: string, max: number, expected: string): number {
  const n = wholeNumber(value, max);
  if (n === undefined) throw new UsageError(`${option} takes ${expected}; got ${JSON.stringify(value)}`);
  return n;
}

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(args: readonly string[], options: T, helpCommand: string, maxPositionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!(error instanceof Error) || code === undefined || !code.startsWith("ERR_PARSE_ARGS")) throw error;
    throw new UsageError(`${describeParseError(error.message, code)} (see ${helpCommand})`);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals];
    throw new UsageError(`unexpected argument ${JSON.stringify(extra)}${maxPositionals === 1 ? "; the command takes one path" : ""} (see ${helpCommand})`);
  }
  return parsed;
}

/** node:util's messages run over several lines and suggest `--` for options; say it in a few words instead. */
function describeParseError(message: string, code: string): string {
  const unknown = /'([^']+)'/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown !== undefined) return `unknown option ${unknown}`;
  const option = /--[\w-]+/.exec(message)?.[0];
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option !== undefined) {
    if (/does not take an argument/.test(message)) return `${option} takes no value`;
    return `${option} needs a value`;
  }
  return (message.split("\n")[0] ?? message).replace(/\.$/, "");
}

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigurationError({ key, value, expected: `one of ${allowed.join(", ")}` });
}
