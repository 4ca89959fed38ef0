import { badgeEndpoint } from "../checklist/badge.js";
import type { ComplianceSummary } from "../rule-api/types.js";
import { inline } from "../reporters/markdown-text.js";

/**
 * The checklist badge as a markdown image: a shields.io static badge with the label, message and colour of
 * `badgeEndpoint`. An endpoint badge would need the JSON published at a public URL, which a pull request has not.
 */
export function badgeImage(compliance: ComplianceSummary | undefined): string {
  const { label, message, color } = JSON.parse(badgeEndpoint(compliance)) as { label: string; message: string; color: string };
  return `![${inline(`${label}: ${message}`)}](https://img.shields.io/badge/${shieldsText(label)}-${shieldsText(message)}-${shieldsText(color)})`;
}

// Shields reads "-" and "_" in a path as separators and spaces; doubling them keeps them literal.
function shieldsText(text: string): string {
  return encodeURIComponent(text.replace(/-/g, "--").replace(/_/g, "__"));
}
