import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/rule-api/types.js";
import { formatText } from "../../src/reporters/text.js";
import { expectGolden } from "./golden.js";
import { emptyReport, sampleReport } from "./sample-report.js";

const ESC = "\u001b";

describe("formatText", () => {
  it("matches the golden output without colour", () => {
    expectGolden("text.txt", formatText(sampleReport, { color: false }));
  });

  it("reports a clean scan in one line", () => {
    expect(formatText(emptyReport, { color: false })).toBe("✔ No findings · 0 files scanned\n");
  });

  it("does not give a check mark to a scan that hit errors", () => {
    const report: ScanReport = { ...sampleReport, findings: [], suppressed: [] };
    expect(formatText(report, { color: false }).trimEnd().split("\n").at(-1)).toBe("⚠ No findings · 1 error · 12 files scanned");
  });

  it("sorts findings by path, line, column and rule whatever the input order", () => {
    const reversed: ScanReport = { ...sampleReport, findings: [...sampleReport.findings].reverse() };
    const output = formatText(reversed, { color: false });
    expect(output).toBe(formatText(sampleReport, { color: false }));
    expect(output.indexOf("src/tools/files.ts:31:24")).toBeLessThan(output.indexOf("src/tools/git.ts:14:28"));
  });

  it("lists skipped files only when verbose", () => {
    const quiet = formatText(sampleReport, { color: false });
    expect(quiet).toContain("2 files skipped (1 too large, 1 minified) — use --verbose to list them");
    expect(quiet).not.toContain("public/app.min.js");
    const verbose = formatText(sampleReport, { color: false, verbose: true });
    expect(verbose).toContain("public/app.min.js: note: skipped, minified");
    expect(verbose).toContain("src/generated/api schema.ts: note: skipped, too large (1.6 MiB, limit 1 MiB)");
    expect(verbose).not.toContain("--verbose");
  });

  it("uses ANSI colour only when asked", () => {
    for (const verbose of [false, true]) {
      expect(formatText(sampleReport, { color: false, verbose })).not.toContain(ESC);
      expect(formatText(emptyReport, { color: false, verbose })).not.toContain(ESC);
    }
    const colored = formatText(sampleReport, { color: true });
    expect(colored).toContain(`${ESC}[1;31mcritical${ESC}[0m`);
    expect(colored).toContain(`${ESC}[33mmedium${ESC}[0m`);
    expect(colored).toContain(`${ESC}[2m    src/server.ts:23:12  source`);
    expect(colored).toContain(`${ESC}[31m✖${ESC}[0m 2 findings`);
    expect(formatText(emptyReport, { color: true })).toBe(`${ESC}[32m✔${ESC}[0m No findings · 0 files scanned\n`);
  });

  it("paints low findings blue", () => {
    const [first] = sampleReport.findings;
    if (first === undefined) throw new Error("sample report has findings");
    const report: ScanReport = { ...sampleReport, findings: [{ ...first, severity: "low" }] };
    expect(formatText(report, { color: true })).toContain(`${ESC}[34mlow${ESC}[0m`);
  });

  it("escapes control and bidi characters from scanned code", () => {
    const [first] = sampleReport.findings;
    if (first === undefined) throw new Error("sample report has findings");
    const hostile = {
      ...first,
      message: `bad ${ESC}[2J\rline\nbreak`,
      location: { ...first.location, snippet: "const a = 1; /* \u202e } if (admin) { */" },
    };
    const output = formatText({ ...sampleReport, findings: [hostile] }, { color: false });
    expect(output).not.toMatch(/[\u001b\r\u202e]/);
    expect(output).toContain("bad \\x1b[2J\\x0dline\\nbreak");
    expect(output).toContain("/* \\u{202e} } if (admin) { */");
  });

  it("underlines the region under the snippet", () => {
    const lines = formatText(sampleReport, { color: false }).split("\n");
    const index = lines.indexOf("  14 |   const { stdout } = await execAsync(`git log --oneline -n 20 ${ref}`);");
    expect(index).toBeGreaterThan(0);
    expect(lines[index + 1]).toBe(`     | ${" ".repeat(27)}${"^".repeat(43)}`);
  });
});
