import type { ScanTimings } from "../rule-api/types.js";

const SLOWEST_RULES = 10;

/** The --timings table: start-up and every stage, then the slowest rules, each with its share of the whole scan. */
export function formatTimings(timings: ScanTimings): string {
  const stages = [...(timings.startup !== undefined ? [["start-up", timings.startup] as const] : []), ...Object.entries(timings.stages)];
  const total = stages.reduce((sum, [, ms]) => sum + ms, 0);
  const rules = timings.rules.slice(0, SLOWEST_RULES);
  const width = Math.max("total".length, ...stages.map(([name]) => name.length), ...rules.map((r) => r.id.length)) + 2;
  const row = (name: string, ms: number) => `  ${name.padEnd(width)}${ms.toFixed(1).padStart(10)}${percent(ms, total).padStart(9)}\n`;
  const heading = (name: string) => `  ${name.padEnd(width)}${"time (ms)".padStart(10)}${"share".padStart(9)}\n`;
  const others = timings.rules.length - rules.length;
  return [
    "mcp-warden: where the time went\n",
    heading("stage"),
    ...stages.map(([name, ms]) => row(name, ms)),
    row("total", total),
    heading(others > 0 ? `rule (slowest ${rules.length} of ${timings.rules.length})` : "rule"),
    ...rules.map((r) => row(r.id, r.ms)),
    "  time a rule spends on facts computed on demand (symbols, taint) is charged to the first rule that asks\n",
    ...(timings.threads !== undefined ? [`  the batches ran in ${timings.threads} threads at once: their wall time is shared among the stages and rules by each thread's own time\n`] : []),
  ].join("");
}

function percent(ms: number, total: number): string {
  return `${total > 0 ? ((ms / total) * 100).toFixed(1) : "0.0"}%`;
}
