import { describe, expect, it } from "vitest";
import { FORMATS, formatReport } from "../../src/reporters/index.js";
import { formatJson } from "../../src/reporters/json.js";
import { formatMarkdown } from "../../src/reporters/markdown.js";
import { formatSarif } from "../../src/reporters/sarif.js";
import { formatText } from "../../src/reporters/text.js";
import { sampleReport } from "./sample-report.js";

describe("formatReport", () => {
  it("lists every format", () => {
    expect(FORMATS).toEqual(["text", "json", "sarif", "markdown"]);
  });

  it("dispatches to the reporter of each format", () => {
    expect(formatReport(sampleReport, "text", { color: true, verbose: true })).toBe(
      formatText(sampleReport, { color: true, verbose: true }),
    );
    expect(formatReport(sampleReport, "text", { color: false })).toBe(formatText(sampleReport, { color: false }));
    expect(formatReport(sampleReport, "json", { color: true })).toBe(formatJson(sampleReport));
    expect(formatReport(sampleReport, "sarif", { color: true })).toBe(formatSarif(sampleReport));
    expect(formatReport(sampleReport, "markdown", { color: true })).toBe(formatMarkdown(sampleReport));
  });
});
