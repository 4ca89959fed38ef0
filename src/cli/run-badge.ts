import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { BADGE_FILES, badgeEndpoint, badgeSvg } from "../checklist/badge.js";
import type { CliIo } from "./cli-io.js";
import type { ScanFlags } from "./parse-command-line.js";
import { resolveScanSettings } from "./resolve-scan-settings.js";
import { scanWithSettings } from "./run-scan.js";

/** `mcp-warden badge`: scan, grade the checklist, and write the SVG badge and the shields.io endpoint JSON. */
export async function runBadge(flags: ScanFlags, outDir: string, io: CliIo): Promise<number> {
  const settings = await resolveScanSettings(flags, io);
  const report = await scanWithSettings(settings, io);
  const compliance = report.compliance;
  const dir = path.resolve(io.cwd, outDir);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, BADGE_FILES.svg), badgeSvg(compliance));
  await writeFile(path.join(dir, BADGE_FILES.endpoint), badgeEndpoint(compliance));
  const describes = compliance?.commit ? ` for commit ${compliance.commit.slice(0, 12)}` : "";
  const grade = compliance ? `grade ${compliance.grade} (${compliance.score}/100)` : "grade unknown";
  io.stdout.write(`${grade}${describes}: wrote ${path.join(outDir, BADGE_FILES.svg)} and ${path.join(outDir, BADGE_FILES.endpoint)}\n`);
  return 0;
}
