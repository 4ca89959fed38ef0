import { MAX_AUTO_THREADS, MAX_THREADS } from "../engine/batch-pool.js";
import { BATCH_LINES } from "../engine/project/batches.js";
import { DEFAULT_EXCLUDES } from "../engine/load/default-excludes.js";
import { DEFAULT_MAX_FILE_BYTES } from "../engine/load/file-size-limits.js";
import { CONFIG_FILE_NAMES, RESERVED_KEYS } from "../config/index.js";
import { FORMATS } from "../reporters/index.js";

const WIDTH = 92;

const list = (items: readonly string[]) => items.join(", ");

/** A comma-separated list wrapped to the help's width, continuation lines indented to `indent` columns. */
function wrapList(items: readonly string[], indent: number): string {
  const lines: string[] = [];
  let line = "";
  for (const [i, item] of items.entries()) {
    const word = i < items.length - 1 ? `${item},` : item;
    if (line !== "" && indent + line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

/** An example setting with its comment aligned to the others. */
const example = (setting: string, comment: string) => `  ${setting.padEnd(42)}# ${comment}`;

export const GENERAL_HELP = `Usage: mcp-warden <command> [options]

Finds security flaws in the source of an MCP server (TypeScript and JavaScript).
It reads the code, never runs or installs it, and needs no network.

Commands:
  scan [path]    Scan a folder or a single file ("." when omitted)
  rules          List the rules: id, severity, CWE and description
  badge [path]   Scan, grade the server against the MCP Security Checklist, and write
                 mcp-warden-badge.svg and mcp-warden-badge.json (shields.io endpoint)
  init [path]    Write a starter .mcp-warden.yml listing the checklist items to attest

Options:
  -h, --help     Show this help (mcp-warden scan --help shows the scan command alone)
      --version  Print the version

${scanHelpBody()}`;

export const SCAN_HELP = `Usage: mcp-warden scan [path] [options]

Scans the folder (or file) at path, "." when omitted, and reports security findings.

${scanHelpBody()}`;

export const RULES_HELP = `Usage: mcp-warden rules

Lists every rule: id, default severity, CWE and what it checks.
Run a subset with mcp-warden scan --rule <id>; configure them under rules: in ${CONFIG_FILE_NAMES[0]}.
`;

function scanHelpBody(): string {
  const { folders, packageFolders, sourceFiles, minifiedFiles, minifiedContent, generatedMarkers } = DEFAULT_EXCLUDES;
  return `Scan options:
  -f, --format <format>     Report format: ${list(FORMATS)} (default text)
  -o, --output <file>       Write the report to file instead of stdout (never coloured)
      --fail-on <severity>  Exit 1 when a finding is at or above this severity: critical,
                            high (default), medium, low; none never fails
      --rule <id>           Run only this rule; repeat it or separate ids with commas
                            (mcp-warden rules lists them); unknown ids are an error
  -c, --config <file>       Read settings from file instead of the scanned folder's
                            ${CONFIG_FILE_NAMES.join(" or ")}
      --no-config           Ignore any configuration file
      --exclude <glob>      Leave out matching paths; repeatable, adds to the configuration's list
      --include <glob>      Scan matching paths a default exclude would skip; repeatable
      --changed <file>      Pull-request mode: report only findings in these files, analysing
                            just them and the files that import them (and what those import);
                            repeatable or comma-separated; no checklist grade in this mode
      --changed-from <file> Read the changed files from file, one per line; - reads stdin:
                            git diff --name-only origin/main... | mcp-warden scan --changed-from -
      --verbose             List every skipped file in text output
      --no-color            No colour in text output (also when NO_COLOR is set; colour is
                            only ever used when stdout is a terminal)
      --timings             Print where the time went, by stage and by rule, to stderr;
                            the json report carries it as timings
      --batch-lines <n>     Source lines per program (default ${BATCH_LINES}): a larger tree is
                            analysed in batches of whole packages, and memory follows the batch
      --concurrency <n>     Analyse a batched tree's batches in n threads at once (default 1,
                            at most ${MAX_THREADS}; auto is one per core, at most ${MAX_AUTO_THREADS}); each thread
                            holds its own batch, so memory grows with n; findings do not change
  -h, --help                Show this help

  Globs are relative to the scanned folder and read like .gitignore lines: without a slash
  they match at any depth, a leading / anchors to the folder, a trailing / matches folders.
  A progress line appears on stderr when stderr is a terminal and the scan takes over a second.

Exit codes:
  0  no finding at or above --fail-on
  1  at least one finding at or above --fail-on (suppressed findings never count)
  2  usage or configuration error: bad option or value, missing path, invalid configuration
  3  internal error (the report still lists what was found; please report the bug)
  Files that fail to parse are listed in the report and do not change the exit code.

Configuration (${CONFIG_FILE_NAMES.join(" or ")} in the scanned folder, or --config <file>):
  rules:                                    # every rule runs unless turned off here
${example("  no-ssrf: off", "off | on | { severity: critical|high|medium|low }")}
${example("  no-path-traversal: { severity: medium }", "findings of this rule count as medium")}
${example('exclude: ["scripts/**"]', "more paths to leave out")}
${example('include: ["vendor/our-sdk/**"]', "paths to scan despite a default exclude")}
${example("failOn: high", "critical | high | medium | low | none")}
${example(`maxFileSize: ${DEFAULT_MAX_FILE_BYTES}`, "bytes; larger source files are skipped")}
  Command-line options win over the file; --exclude and --include add to its lists.
  ${RESERVED_KEYS.join(" and ")} are reserved for the MCP security checklist and not read yet.

Suppressing a finding (on the line above it; # instead of // in YAML and Dockerfiles):
  // mcp-warden-ignore-next-line <rule-id> -- <reason>
  Several rule ids may be separated by commas. Without a reason nothing is suppressed and
  the comment itself is reported. Suppressed findings appear in the report, apart.

Skipped by default (include: or --include scans them anyway; .gitignore'd paths stay out):
  folders at any depth     ${wrapList(folders, 27)}
  package folders          ${list(packageFolders)}, at the root or beside a package.json or
                           tsconfig.json (deeper down they are source)
  source files             ${wrapList(sourceFiles, 27)}
  minified files           ${list(minifiedFiles)}, and ${list(minifiedContent.extensions)} files whose lines
                           average over ${minifiedContent.maxAverageLineLength} characters
  generated files          a marker in the first ${generatedMarkers.lines} lines:
                           ${wrapList([...generatedMarkers.matchCase, ...generatedMarkers.anyCase], 27)}
  Always skipped and listed: files over maxFileSize, binary files, symbolic links that
  point out of the scanned folder.
`;
}

export const BADGE_HELP = `Usage: mcp-warden badge [path] [options]

Scans the folder, grades it against the SlowMist MCP Security Checklist (with the
attestations in .mcp-warden.yml), and writes two files: mcp-warden-badge.svg, and
mcp-warden-badge.json for https://img.shields.io/endpoint?url=... . The SVG's title
names the commit it describes when the folder is a git checkout.

Options:
      --out-dir <dir>   Where to write the files (default: the current folder)
  -c, --config <file>   Read settings from file instead of the scanned folder's .mcp-warden.yml
      --no-config       Ignore any configuration file
  -h, --help            Show this help
`;

export const INIT_HELP = `Usage: mcp-warden init [path] [--force]

Writes <path>/.mcp-warden.yml with the default settings and, commented out, every
checklist item a scan cannot decide for a server, ready to attest:

  attestations:
    MON-1:
      statement: Tool-call rates alert in our Grafana   (required)
      evidence: https://wiki.example.com/mcp-alerts     (optional link)
      date: 2026-10-01                                   (required, YYYY-MM-DD)

Options:
      --force   Overwrite an existing .mcp-warden.yml
  -h, --help    Show this help
`;
