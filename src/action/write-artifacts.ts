import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { BADGE_FILES, badgeEndpoint, badgeSvg } from "../checklist/badge.js";
import { formatSarif } from "../reporters/sarif.js";
import type { ScanReport } from "../rule-api/types.js";

/** Writes the SARIF file, and the badge files when a folder is given; returns their absolute paths. */
export async function writeArtifacts(report: ScanReport, workspace: string, sarifFile: string, badgeFolder: string | undefined): Promise<{ sarif: string; badge?: string }> {
  const sarif = path.resolve(workspace, sarifFile);
  await mkdir(path.dirname(sarif), { recursive: true });
  await writeFile(sarif, formatSarif(report));
  if (badgeFolder === undefined) return { sarif };
  const folder = path.resolve(workspace, badgeFolder);
  await mkdir(folder, { recursive: true });
  const badge = path.join(folder, BADGE_FILES.svg);
  await writeFile(badge, badgeSvg(report.compliance));
  await writeFile(path.join(folder, BADGE_FILES.endpoint), badgeEndpoint(report.compliance));
  return { sarif, badge };
}
