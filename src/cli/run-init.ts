import { writeFile } from "node:fs/promises";
import path from "node:path";
import { loadCatalogue, type ChecklistItem } from "../checklist/catalogue.js";
import { CONFIG_FILE_NAMES } from "../config/index.js";
import type { CliIo } from "./cli-io.js";
import { UsageError } from "./usage-error.js";

/** `mcp-warden init`: a starter .mcp-warden.yml listing, commented, every item only the maintainer can attest. */
export async function runInit(folder: string, force: boolean, io: CliIo, ruleIds: readonly string[]): Promise<number> {
  const file = path.resolve(io.cwd, folder, CONFIG_FILE_NAMES[0] as string);
  const text = starterConfig(loadCatalogue(), ruleIds, new Date().toISOString().slice(0, 10));
  try {
    await writeFile(file, text, { flag: force ? "w" : "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${path.relative(io.cwd, file) || file} already exists; use --force to overwrite it`);
    throw error;
  }
  io.stdout.write(`wrote ${path.relative(io.cwd, file) || file}: uncomment the attestations that are true for this server\n`);
  return 0;
}

/** Items a scan cannot decide for a server: attest-only items and server items no rule covers yet. */
export function attestableItems(catalogue: readonly ChecklistItem[], ruleIds: readonly string[]): ChecklistItem[] {
  return catalogue.filter((i) => i.kind !== "host" && !i.rules.some((r) => ruleIds.includes(r)));
}

export function starterConfig(catalogue: readonly ChecklistItem[], ruleIds: readonly string[], today: string): string {
  const lines = [
    "# mcp-warden configuration (https://github.com/mcp-warden/mcp-warden#configuration)",
    "failOn: high",
    "exclude: []",
    "rules: {}",
    "",
    "# Checklist items a repository cannot show. Uncomment an item, say how it is met, link evidence if you can,",
    "# and date it: attestations older than checklist.attestationMaxAgeDays count as missing until re-dated.",
    "# An attestation never overrides a failing automated check.",
    "checklist:",
    "  attestationMaxAgeDays: 365",
    "attestations:",
  ];
  for (const item of attestableItems(catalogue, ruleIds)) {
    lines.push(`  # ${item.id} (${item.priority}) ${item.title}: ${item.paraphrase}`);
    lines.push(`  # ${item.id}:`, `  #   statement: "..."`, `  #   evidence: https://...`, `  #   date: ${today}`, "");
  }
  return `${lines.join("\n")}\n`;
}
