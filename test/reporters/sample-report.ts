import type { Finding, RuleSummary, ScanReport, SourceLocation } from "../../src/rule-api/types.js";

const shellInjection: RuleSummary = {
  id: "no-shell-injection",
  description: "Keep tool arguments out of shell commands",
  severity: "critical",
  confidence: "high",
  cwe: ["CWE-78"],
  checklist: ["API-1", "TOOL-3"],
  rationale:
    "A tool argument is chosen by the model, and a prompt-injected model chooses what an attacker wants. Passed to a shell, it runs any command with the server's rights.",
  remediation:
    "Call the program with `execFile` and an argument array, put `--end-of-options` before user values, and narrow the argument with a zod `.regex()` or `.enum()`.",
  references: ["https://cwe.mitre.org/data/definitions/78.html", "https://github.com/slowmist/MCP-Security-Checklist"],
};

const pathTraversal: RuleSummary = {
  id: "no-path-traversal",
  description: "Contain file paths from tool arguments inside an allowed root",
  severity: "high",
  confidence: "medium",
  // The zero-padded id checks that SARIF tags drop leading zeros.
  cwe: ["CWE-22", "CWE-023"],
  checklist: ["ISO-2", "RES-1"],
  rationale: "A path from a tool argument can climb out of the folder the server means to expose, with `../` or an absolute path.",
  remediation:
    "Resolve the path against the root, take its real path, and check `path.relative(root, real)` neither starts with `..` nor is absolute.",
  references: ["https://cwe.mitre.org/data/definitions/22.html"],
};

function at(path: string, line: number, column: number, endColumn: number, snippet?: string): SourceLocation {
  return { path, line, column, endLine: line, endColumn, ...(snippet === undefined ? {} : { snippet }) };
}

const sinkLine = "  const { stdout } = await execAsync(`git log --oneline -n 20 ${ref}`);";

const shellFinding: Finding = {
  ruleId: "no-shell-injection",
  messageId: "taintedCommand",
  message: 'Tool argument "ref" of git_log reaches a shell command through execAsync(); an MCP client can run any command',
  severity: "critical",
  confidence: "high",
  cwe: ["CWE-78"],
  checklist: ["API-1", "TOOL-3"],
  location: at("src/tools/git.ts", 14, 28, 71, sinkLine),
  trace: [
    {
      kind: "source",
      message: 'Tool argument "ref" of git_log, a plain z.string()',
      location: at("src/server.ts", 23, 12, 15, "  async ({ ref }) => {"),
    },
    { kind: "call", message: "passed to gitLog()", location: at("src/server.ts", 24, 23, 34, "    const log = await gitLog(ref);") },
    {
      kind: "step",
      message: 'parameter "ref" of gitLog()',
      location: at("src/tools/git.ts", 13, 30, 41, "export async function gitLog(ref: string): Promise<string> {"),
    },
    {
      kind: "sink",
      message: "execAsync (promisified child_process.exec) runs its command in a shell",
      location: at("src/tools/git.ts", 14, 28, 71, sinkLine),
    },
  ],
  fingerprint: "3f9c2a1b7d4e6f80",
  tool: "git_log",
  fix: {
    description: "Run git without a shell: execFile with an argument array",
    replacement: {
      location: at("src/tools/git.ts", 14, 28, 71),
      text: 'execFileAsync("git", ["log", "--oneline", "-n", "20", "--end-of-options", ref])',
    },
  },
};

const traversalFinding: Finding = {
  ruleId: "no-path-traversal",
  messageId: "uncontainedPath",
  // The `||` checks that markdown tables escape pipes.
  message: 'Argument "path" reaches fs.readFile() through `args.path || "."` without a containment check',
  // Lower than the rule's default: the handler checks the extension first.
  severity: "medium",
  confidence: "medium",
  cwe: ["CWE-22", "CWE-023"],
  checklist: ["ISO-2", "RES-1"],
  location: at("src/tools/files.ts", 31, 24, 61, '    const data = await fs.readFile(args.path || ".", "utf8");'),
  trace: [],
  fingerprint: "a17e09c44b2d3c55",
  tool: "read_file",
  fix: { description: "Resolve the path against the root and check that it stays inside with path.relative" },
};

const suppressedFinding: Finding = {
  ruleId: "no-shell-injection",
  messageId: "taintedCommand",
  message: "Environment variable RELEASE_TAG reaches a shell command through execSync()",
  severity: "critical",
  confidence: "high",
  cwe: ["CWE-78"],
  checklist: ["API-1", "TOOL-3"],
  location: at("scripts/release.ts", 9, 3, 49, "  execSync(`git tag ${process.env.RELEASE_TAG}`);"),
  trace: [],
  fingerprint: "c0ffee5eed1e2b3a",
  suppression: { reason: "Runs only in CI, where the workflow sets the tag", location: at("scripts/release.ts", 8, 3, 82) },
};

/** A realistic scan of a small git MCP server; the root has a space to exercise URI encoding. */
export const sampleReport: ScanReport = {
  schemaVersion: 1,
  tool: { name: "mcp-warden", version: "0.1.0" },
  root: "/home/dev/git mcp",
  startedAt: "2025-06-02T09:14:05.120Z",
  durationMs: 1834,
  rules: [shellInjection, pathTraversal],
  files: {
    scanned: 12,
    skipped: [
      { path: "public/app.min.js", reason: "minified" },
      { path: "src/generated/api schema.ts", reason: "too-large", detail: "1.6 MiB, limit 1 MiB" },
    ],
  },
  packages: [{ path: ".", name: "git-mcp", tsconfig: "tsconfig.json", mcpSdk: "^1.17.0" }],
  inventory: {
    servers: [{ framework: "mcp-sdk", name: "git-mcp", version: "0.3.1", location: at("src/server.ts", 8, 16, 58) }],
    tools: [
      {
        name: "git_log",
        description: "Show recent commits",
        framework: "mcp-sdk",
        location: at("src/server.ts", 20, 3, 14),
        handler: at("src/server.ts", 23, 3, 22),
        inputSchema: { kind: "zod", strictness: "loose", fields: [{ name: "ref", type: "string", optional: false, constraints: [] }] },
        annotations: { readOnlyHint: true },
        capabilities: ["exec"],
      },
      {
        name: "read_file",
        description: "Read a file from the repository",
        framework: "mcp-sdk",
        location: at("src/server.ts", 30, 3, 14),
        inputSchema: {
          kind: "zod",
          strictness: "loose",
          fields: [{ name: "path", type: "string", optional: true, constraints: [], description: "Relative path" }],
        },
        annotations: {},
        capabilities: ["fs-read"],
      },
      {
        name: null,
        description: null,
        framework: "mcp-sdk-low-level",
        location: at("src/plugins.ts", 12, 5, 20),
        inputSchema: { kind: "unknown", strictness: "unknown", fields: [] },
        annotations: {},
        capabilities: [],
      },
    ],
    resources: [],
    prompts: [],
    transports: [{ kind: "stdio", location: at("src/index.ts", 5, 19, 45), options: {}, middleware: [] }],
  },
  findings: [shellFinding, traversalFinding],
  suppressed: [suppressedFinding],
  suppressionProblems: [
    { kind: "unused", ruleId: "no-path-traversal", location: at("src/tools/legacy.ts", 5, 1, 60) },
    { kind: "unknown-rule", ruleId: "no-evil-eval", location: at("src/tools/legacy.ts", 17, 5, 52) },
  ],
  errors: [{ kind: "parse", message: "Expression expected.", path: "src/tools/broken.ts", line: 12 }],
};

/** A scan that found nothing at all: no rules ran, no files. */
export const emptyReport: ScanReport = {
  schemaVersion: 1,
  tool: { name: "mcp-warden", version: "0.1.0" },
  root: "/tmp/empty",
  startedAt: "2025-06-02T09:20:00.000Z",
  durationMs: 12,
  rules: [],
  files: { scanned: 0, skipped: [] },
  packages: [],
  inventory: { servers: [], tools: [], resources: [], prompts: [], transports: [] },
  findings: [],
  suppressed: [],
  suppressionProblems: [],
  errors: [],
};

/** The sample report with `count` copies of its taint finding spread over many files. */
export function manyFindingsReport(count: number): ScanReport {
  const findings = Array.from({ length: count }, (_, index): Finding => {
    const path = `src/tools/generated-${String(index).padStart(4, "0")}.ts`;
    return {
      ...shellFinding,
      location: { ...shellFinding.location, path },
      trace: shellFinding.trace.map((step) => ({ ...step, location: { ...step.location, path } })),
      fingerprint: `many-${index}`,
    };
  });
  return { ...sampleReport, findings };
}
