import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";

/** Writes the files (paths relative to a new temporary folder) and removes the folder when the test ends. */
export async function createTree(files: Record<string, string | Buffer> = {}): Promise<string> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), "mcp-warden-load-")));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  for (const [filePath, content] of Object.entries(files)) {
    const absolute = path.join(root, filePath);
    await mkdir(path.dirname(absolute), { recursive: true });
    await writeFile(absolute, content);
  }
  return root;
}

/** Paths of a list of loaded or skipped files, for compact assertions. */
export function paths(items: ReadonlyArray<{ path: string }>): string[] {
  return items.map((item) => item.path);
}
