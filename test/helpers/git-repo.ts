import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/** A real git repository in a temporary folder, for computing patches and archives the way GitHub does. */
export class GitRepo {
  readonly dir: string;

  constructor() {
    this.dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), "mcp-warden-git-")));
    this.git(["init", "--quiet", "--initial-branch=main"]);
  }

  /** Writes (or, for null, deletes) files and commits them; returns the commit id. */
  commit(files: Record<string, string | null>, message: string): string {
    for (const [file, text] of Object.entries(files)) {
      const target = path.join(this.dir, file);
      if (text === null) rmSync(target, { force: true });
      else {
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, text);
      }
    }
    this.git(["add", "--all"]);
    this.git(["commit", "--quiet", "--allow-empty", "-m", message]);
    return this.git(["rev-parse", "HEAD"]).trim();
  }

  /** Puts the work tree at a commit, as actions/checkout leaves the workspace. */
  checkout(sha: string): void {
    this.git(["checkout", "--quiet", "--detach", sha]);
  }

  git(args: readonly string[]): string {
    return this.gitBuffer(args).toString("utf8");
  }

  gitBuffer(args: readonly string[]): Buffer {
    const result = spawnSync("git", args, { cwd: this.dir, env: { ...process.env, ...GIT_ENV }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr.toString()}`);
    return result.stdout;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
