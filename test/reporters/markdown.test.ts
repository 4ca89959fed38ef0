import { describe, expect, it } from "vitest";
import { formatMarkdown, MARKDOWN_MAX_LENGTH } from "../../src/reporters/markdown.js";
import type { ScanReport } from "../../src/rule-api/types.js";
import { expectGolden } from "./golden.js";
import { emptyReport, manyFindingsReport, sampleReport } from "./sample-report.js";

/** Cells of a table row: split on pipes that no backslash escapes, as GitHub does. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1);
}

function findingRows(markdown: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.indexOf("| Severity | Rule | Location | Message |");
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line);
  }
  return rows;
}

describe("formatMarkdown", () => {
  it("matches the golden output", () => {
    expectGolden("markdown.md", formatMarkdown(sampleReport));
  });

  it("matches the golden output for an empty scan", () => {
    expectGolden("markdown-empty.md", formatMarkdown(emptyReport));
  });

  it("escapes pipes and newlines so every row keeps four cells", () => {
    const [first] = sampleReport.findings;
    if (first === undefined) throw new Error("sample report has findings");
    const report: ScanReport = {
      ...sampleReport,
      findings: [...sampleReport.findings, { ...first, ruleId: "odd|rule", message: "two\nlines | and `ticks|`" }],
    };
    const rows = findingRows(formatMarkdown(report));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(cells(row)).toHaveLength(4);
    expect(rows.join("\n")).toContain('\\`args.path \\|\\| "."\\`');
    expect(rows.join("\n")).toContain("two<br>lines \\| and \\`ticks\\|\\`");
  });

  it("neutralises HTML and links from scanned code", () => {
    const [first] = sampleReport.findings;
    if (first === undefined) throw new Error("sample report has findings");
    const message = '</details><script>x</script> <img src=x onerror="alert(1)"> [click](https://evil.example)';
    const output = formatMarkdown({ ...sampleReport, findings: [{ ...first, message }] });
    expect(output).not.toContain("<img");
    expect(output).not.toContain("<script>");
    expect(output).not.toContain("[click](");
  });

  it("does not give an all-clear to a scan that hit errors", () => {
    const output = formatMarkdown({ ...sampleReport, findings: [], suppressed: [] });
    expect(output.split("\n")[2]).toBe("**⚠ No findings, but the scan was incomplete** · 1 error · 12 files scanned");
    expect(output).not.toContain("## Findings");
  });

  it("stays complete for a normal report", () => {
    const output = formatMarkdown(sampleReport);
    expect(output).not.toContain("left out");
    expect(output.match(/<details>/g)).toHaveLength(3);
  });

  it("truncates the findings to stay under the size limit and says how many were left out", () => {
    const output = formatMarkdown(manyFindingsReport(2000));
    expect(output.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    const rows = findingRows(output);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(2000);
    const details = output.match(/<details>/g)?.length ?? 0;
    expect(details).toBeGreaterThan(1);
    expect(output).toContain(`_${2000 - rows.length} more findings left out of this table`);
    // One details block holds errors and skipped files; the rest are findings.
    expect(output).toContain(`_Details of ${rows.length - (details - 1)} findings left out`);
    expect(output).toContain("| critical | 2000 |");
    expect(output).toContain("## Tool inventory");
  });
});
