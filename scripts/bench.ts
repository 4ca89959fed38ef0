import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FLAW_RULES } from "./bench/flaws.js";
import { generateMonorepo, type SeededFlaw } from "./bench/generate.js";
import { measureNode } from "./bench/measure.js";
import type { ScanTimings } from "../src/rule-api/types.js";

/**
 * `npm run bench`: generates synthetic MCP monorepos, scans each with the bundled CLI in its own process, and prints
 * wall time, peak memory, lines per second, seeded flaws found, the parse-only floor on the same files, and a
 * pull-request scan of a few changed files beside the full scan; then where the full scan's time went, by stage.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(HERE, "..", "dist", "cli.js");
const PARSE_ONLY = path.join(HERE, "bench", "parse-only.ts");
const TAINT_RULES = new Set<string>(FLAW_RULES);

interface ReportFinding {
  ruleId: string;
  message: string;
  location: { path: string; line: number; column: number };
}

interface SizeResult {
  lines: number;
  files: number;
  seeded: number;
  parseMs: number;
  scanMs: number;
  peakBytes: number;
  /** The full scan's own account of its time (--timings). */
  timings: ScanTimings;
  found: number;
  /** Findings of the seeded rules at places nothing was seeded. */
  unexpected: string[];
  prFiles: number;
  prMs: number;
  prPeakBytes: number;
  /** The pull-request scan reports exactly what the full scan reports in the changed files. */
  prSame: boolean;
}

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "30000,100000,300000" },
    seed: { type: "string", default: "1" },
    "pr-files": { type: "string", default: "5" },
    concurrency: { type: "string", default: "1" },
    json: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const sizes = values.sizes.split(",").map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 1_000)) throw new Error(`--sizes takes whole line counts of at least 1000, got "${values.sizes}"`);
const prFiles = Number(values["pr-files"]);
// Passed to every scan: worker threads for a tree analysed in batches.
const concurrency = ["--concurrency", values.concurrency];
if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run bundle first`);

const results: SizeResult[] = [];
for (const size of sizes) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `mcp-warden-bench-${size}-`));
  try {
    results.push(await benchSize(root, size));
  } finally {
    if (values.keep) process.stderr.write(`kept ${root}\n`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}
process.stdout.write(`${table(results)}\n\n${stageTable(results)}\n\n${targets(results)}\n`);
if (values.json) fs.writeFileSync(values.json, `${JSON.stringify({ node: process.version, cpus: os.cpus().length, concurrency: values.concurrency, results }, null, 2)}\n`);
if (results.some((r) => r.found !== r.seeded || r.unexpected.length || !r.prSame)) process.exitCode = 1;

async function benchSize(root: string, size: number): Promise<SizeResult> {
  process.stderr.write(`generating ${size.toLocaleString("en")} lines…\n`);
  const tree = generateMonorepo({ root, lines: size, seed: Number(values.seed) });
  const floor = await measureNode(["--import", "tsx", PARSE_ONLY, root]);
  const { files, ms: parseMs } = JSON.parse(floor.stdout) as { files: number; ms: number };
  process.stderr.write(`scanning ${files} files…\n`);
  const fullOut = path.join(root, "..", `${path.basename(root)}-full.json`);
  const full = await measureNode([CLI, "scan", root, "--format", "json", "--output", fullOut, "--no-config", "--fail-on", "none", "--timings", ...concurrency]);
  const fullReport = readReport(fullOut);
  const fullFindings = fullReport.findings;
  if (!fullReport.timings) throw new Error("the full scan's report has no timings");
  const seededKeys = new Set(tree.seeded.map(flawKey));
  const taint = fullFindings.filter((f) => TAINT_RULES.has(f.ruleId)).map((f) => flawKey({ ruleId: f.ruleId, path: f.location.path, line: f.location.line }));
  const found = tree.seeded.filter((s) => taint.includes(flawKey(s))).length;
  const unexpected = taint.filter((k) => !seededKeys.has(k));

  // A busy pull request: files holding seeded flaws, in different servers, so the diff reaches several packages.
  const changed = [...new Set(tree.seeded.map((s) => s.path))].slice(0, prFiles);
  const prOut = path.join(root, "..", `${path.basename(root)}-pr.json`);
  const pr = await measureNode([CLI, "scan", root, "--format", "json", "--output", prOut, "--no-config", "--fail-on", "none", ...concurrency, ...changed.flatMap((f) => ["--changed", path.join(root, f)])]);
  const inChanged = (f: ReportFinding) => changed.includes(f.location.path);
  const prSame = sameFindings(fullFindings.filter(inChanged), readReport(prOut).findings);
  for (const out of [fullOut, prOut]) fs.rmSync(out, { force: true });
  return { lines: tree.lines, files, seeded: tree.seeded.length, parseMs, scanMs: full.ms, peakBytes: full.peakBytes, timings: fullReport.timings, found, unexpected, prFiles: changed.length, prMs: pr.ms, prPeakBytes: pr.peakBytes, prSame };
}

function readReport(file: string): { findings: ReportFinding[]; timings?: ScanTimings } {
  return JSON.parse(fs.readFileSync(file, "utf8")) as { findings: ReportFinding[]; timings?: ScanTimings };
}

function flawKey(f: SeededFlaw): string {
  return `${f.ruleId} ${f.path}:${f.line}`;
}

function sameFindings(a: readonly ReportFinding[], b: readonly ReportFinding[]): boolean {
  const key = (f: ReportFinding) => `${f.ruleId} ${f.location.path}:${f.location.line}:${f.location.column} ${f.message}`;
  const [x, y] = [a.map(key).sort(), b.map(key).sort()];
  return x.length === y.length && x.every((k, i) => k === y[i]);
}

function table(rows: readonly SizeResult[]): string {
  const header = ["lines", "files", "parse only", "full scan", "ratio", "peak memory", "lines/s", "found/seeded", `PR (${prFiles} files)`, "PR/full", "PR findings = full"];
  const body = rows.map((r) => [
    r.lines.toLocaleString("en"),
    String(r.files),
    seconds(r.parseMs),
    seconds(r.scanMs),
    `${(r.scanMs / r.parseMs).toFixed(1)}x`,
    `${Math.round(r.peakBytes / 2 ** 20)} MiB`,
    Math.round(r.lines / (r.scanMs / 1000)).toLocaleString("en"),
    `${r.found}/${r.seeded}${r.unexpected.length ? ` (+${r.unexpected.length} unseeded)` : ""}`,
    seconds(r.prMs),
    `${((r.prMs / r.scanMs) * 100).toFixed(0)}%`,
    r.prSame ? "yes" : "NO",
  ]);
  return [header, header.map(() => "---"), ...body].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** The full scan's stages in seconds, each with its multiple of the parse-only floor. */
function stageTable(rows: readonly SizeResult[]): string {
  const { startup, stages } = rows[0]?.timings ?? { stages: {} };
  const names = [...(startup !== undefined ? ["start-up"] : []), ...Object.keys(stages)];
  const header = ["lines", ...names];
  const body = rows.map((r) => {
    const ms = (name: string) => (name === "start-up" ? (r.timings.startup ?? 0) : (r.timings.stages as Record<string, number>)[name] ?? 0);
    return [r.lines.toLocaleString("en"), ...names.map((name) => `${seconds(ms(name))} (${(ms(name) / r.parseMs).toFixed(1)}x)`)];
  });
  const title = "Where the full scan's time went (seconds, and multiples of the parse-only time):";
  return [title, "", ...[header, header.map(() => "---"), ...body].map((cells) => `| ${cells.join(" | ")} |`)].join("\n");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The issue's targets, judged on the largest and smallest sizes of this run. */
function targets(rows: readonly SizeResult[]): string {
  const big = rows.reduce((a, b) => (b.lines > a.lines ? b : a));
  const small = rows.reduce((a, b) => (b.lines < a.lines ? b : a));
  const perLine = (r: SizeResult) => r.scanMs / r.lines;
  const checks: [string, boolean, string][] = [
    ["full scan at most 4x the parse-only time", big.scanMs <= 4 * big.parseMs, `${(big.scanMs / big.parseMs).toFixed(1)}x`],
    ["peak memory under 1 GiB", big.peakBytes < 2 ** 30, `${Math.round(big.peakBytes / 2 ** 20)} MiB`],
    [`time per line at ${big.lines.toLocaleString("en")} within 1.5x of ${small.lines.toLocaleString("en")}`, perLine(big) <= 1.5 * perLine(small), `${(perLine(big) / perLine(small)).toFixed(2)}x`],
    [`${big.prFiles}-file pull request under a fifth of the full scan`, big.prMs < big.scanMs / 5, `${((big.prMs / big.scanMs) * 100).toFixed(0)}%`],
  ];
  return checks.map(([what, ok, value]) => `${ok ? "met   " : "MISSED"} ${what}: ${value}`).join("\n");
}
