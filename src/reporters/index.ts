import type { ScanReport } from "../rule-api/types.js";
import { formatJson } from "./json.js";
import { formatMarkdown } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";

export type Format = "text" | "json" | "sarif" | "markdown";

export const FORMATS: readonly Format[] = ["text", "json", "sarif", "markdown"];

export interface FormatOptions {
  /** ANSI colour in text output. */
  color: boolean;
  /** List every skipped file in text output. */
  verbose?: boolean;
}

export function formatReport(report: ScanReport, format: Format, options: FormatOptions = { color: false }): string {
  switch (format) {
    case "text":
      return formatText(report, options);
    case "json":
      return formatJson(report);
    case "sarif":
      return formatSarif(report);
    case "markdown":
      return formatMarkdown(report);
  }
}
