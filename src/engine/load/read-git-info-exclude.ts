import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ScanError } from "../../rule-api/types.js";
import { errorCode } from "./error-code.js";
import { parseGitignore, type GitignoreChain } from "./gitignore.js";

const EXCLUDE_PATH = ".git/info/exclude";

/** The root's .git/info/exclude rules; an absent file (or a .git file, as in worktrees) means none. */
export async function readGitInfoExclude(root: string): Promise<{ chain: GitignoreChain; error?: ScanError }> {
  try {
    const text = await readFile(path.join(root, EXCLUDE_PATH), "utf8");
    return { chain: [parseGitignore("", text)] };
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") return { chain: [] };
    return { chain: [], error: { kind: "read", path: EXCLUDE_PATH, message: `Cannot read ${EXCLUDE_PATH}: ${code}` } };
  }
}
