import { exec } from "node:child_process";
import { promisify } from "node:util";
import { NOTES_DIR } from "./notes.js";

const execAsync = promisify(exec);

export async function runGit(ref: string): Promise<string> {
  const { stdout } = await execAsync(`git -C ${NOTES_DIR} log --oneline ${ref}`);
  return stdout;
}
