import { readFile } from "node:fs/promises";
import path from "node:path";

/** The commit checked out in a folder's git repository, read from .git without running git; undefined when unknown. */
export async function gitCommit(folder: string): Promise<string | undefined> {
  for (let dir = path.resolve(folder), i = 0; i < 20; dir = path.dirname(dir), i++) {
    const head = await readFile(path.join(dir, ".git", "HEAD"), "utf8").catch(() => undefined);
    if (head !== undefined) return resolveHead(path.join(dir, ".git"), head.trim());
    if (path.dirname(dir) === dir) break;
  }
  return undefined;
}

async function resolveHead(gitDir: string, head: string): Promise<string | undefined> {
  if (/^[0-9a-f]{40}$/.test(head)) return head;
  const ref = /^ref: (.+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  const loose = await readFile(path.join(gitDir, ref), "utf8").catch(() => undefined);
  if (loose) return loose.trim();
  const packed = await readFile(path.join(gitDir, "packed-refs"), "utf8").catch(() => "");
  return packed.split("\n").find((line) => line.endsWith(` ${ref}`))?.split(" ")[0];
}
