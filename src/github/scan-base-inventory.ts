import { mkdtemp, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/index.js";
import type { Inventory } from "../rule-api/types.js";
import { downloadTarball } from "./download-tarball.js";
import { extractTarball } from "./extract-tarball.js";
import type { GitHubClient, RepoRef } from "./github-client.js";
import { scanRepository } from "./scan-repository.js";

const EMPTY_INVENTORY: Inventory = { servers: [], tools: [], resources: [], prompts: [], transports: [] };

export interface BaseInventory {
  inventory: Inventory;
  /** Symbolic links of the base left out because they point outside the repository. */
  skippedLinks: string[];
}

/** The tool inventory of a commit, from its tarball: downloaded and extracted into a temporary folder that is always removed. */
export async function scanBaseInventory(client: GitHubClient, repo: RepoRef, ref: string, scanPath: string, config: Config, tempDir: string): Promise<BaseInventory> {
  const work = await mkdtemp(path.join(tempDir, "mcp-warden-base-"));
  try {
    const archive = path.join(work, "base.tar.gz");
    await downloadTarball(client, repo, ref, archive);
    const extracted = await extractTarball(archive, work);
    // The pull request may create the scanned folder: then the base has no tools.
    if (!(await isFolder(path.resolve(extracted.root, scanPath)))) return { inventory: EMPTY_INVENTORY, skippedLinks: extracted.skippedLinks };
    const report = await scanRepository({ checkout: extracted.root, scanPath, config, commit: ref, inventoryOnly: true });
    return { inventory: report.inventory, skippedLinks: extracted.skippedLinks };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function isFolder(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
