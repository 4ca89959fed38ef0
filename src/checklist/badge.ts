import { makeBadge } from "badge-maker";
import type { ComplianceSummary } from "../rule-api/types.js";

const COLORS: Record<ComplianceSummary["grade"], string> = { A: "brightgreen", B: "green", C: "yellowgreen", D: "orange", F: "red" };
const LABEL = "MCP checklist";

type BadgeInput = Pick<ComplianceSummary, "grade" | "score" | "commit">;

/** The file names the CLI and the Action write a badge to. */
export const BADGE_FILES = { svg: "mcp-warden-badge.svg", endpoint: "mcp-warden-badge.json" } as const;

/** The text a badge shows: grade and score, e.g. "A · 93". */
export function badgeMessage(compliance: Pick<ComplianceSummary, "grade" | "score">): string {
  return `${compliance.grade} · ${compliance.score}`;
}

/** An SVG badge (shields.io's renderer); its title, shown on hover, names the commit it describes. */
export function badgeSvg(compliance: BadgeInput | undefined): string {
  if (!compliance) return makeBadge({ label: LABEL, message: "unknown", color: "lightgrey" });
  const svg = makeBadge({ label: LABEL, message: badgeMessage(compliance), color: COLORS[compliance.grade] });
  if (!compliance.commit) return svg;
  const title = `${LABEL}: ${badgeMessage(compliance)} (commit ${compliance.commit.slice(0, 12)})`;
  return svg.replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`);
}

/**
 * shields.io endpoint JSON (https://shields.io/badges/endpoint-badge). Shields rejects unknown keys, so the
 * commit is not in it: it travels in the SVG title, the JSON report and the check run.
 */
export function badgeEndpoint(compliance: BadgeInput | undefined): string {
  const body = compliance
    ? { schemaVersion: 1, label: LABEL, message: badgeMessage(compliance), color: COLORS[compliance.grade], cacheSeconds: 300 }
    : { schemaVersion: 1, label: LABEL, message: "unknown", color: "lightgrey", cacheSeconds: 300 };
  return `${JSON.stringify(body, null, 2)}\n`;
}
