import type { Rule } from "../rule-api/rule.js";

/** One aligned line per rule: id, default severity, CWE ids, description. */
export function formatRuleList(rules: readonly Rule[]): string {
  const rows = rules.map((rule) => [rule.id, rule.meta.severity, rule.meta.cwe.join(","), rule.meta.description]);
  const header = ["RULE", "SEVERITY", "CWE", "DESCRIPTION"];
  const widths = header.slice(0, -1).map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell)).join("  ");
  return `${[header, ...rows].map(line).join("\n")}\n`;
}
