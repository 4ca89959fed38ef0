import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { onTestFinished } from "vitest";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const CLI = path.join(REPO, "dist/cli.js");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI as a real process, with pipes (not a terminal) for stdout and stderr. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...env, ...options.env },
    encoding: "utf8",
    timeout: 60_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Rebuilds dist/cli.js when it is missing or older than a source it bundles (`npm test` has already built it). */
export function ensureBundle(): void {
  const built = mtimeOf(CLI);
  const newest = Math.max(newestIn(path.join(REPO, "src")), newestIn(path.join(REPO, "rules")), mtimeOf(path.join(REPO, "package.json")));
  if (built !== 0 && built >= newest) return;
  const result = spawnSync(process.execPath, [path.join(REPO, "scripts/bundle.mjs")], { cwd: REPO, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm run bundle failed:\n${result.stderr}`);
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
}

function newestIn(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, mtimeOf(path.join(entry.parentPath, entry.name)));
  }
  return newest;
}

/** Writes the files into a new temporary folder (its real path), removed when the test ends. */
export async function createProject(files: Record<string, string>): Promise<string> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), "mcp-warden-cli-")));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return root;
}

const HEADER = `import { exec } from "node:child_process";
import { readFile } from "node:fs/promises";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const s = new McpServer({ name: "x", version: "1" });
`;

/** A tool argument reaches a shell: one critical no-shell-injection finding (on line 8). */
export const SHELL_SERVER = `${HEADER}s.tool("run", { cmd: z.string() }, async ({ cmd }) => {
  exec(cmd);
  return { content: [] };
});
`;

/** A tool argument is opened as a path: one high no-path-traversal finding. */
export const READ_SERVER = `${HEADER}s.tool("read", { file: z.string() }, async ({ file }) => ({
  content: [{ type: "text", text: await readFile(file, "utf8") }],
}));
`;

export const CLEAN_SERVER = `${HEADER}s.tool("hello", { name: z.string() }, async ({ name }) => ({
  content: [{ type: "text", text: \`hello \${name}\` }],
}));
`;

/** SHELL_SERVER with a suppression comment above the exec call. */
export function suppressedShellServer(comment: string): string {
  return SHELL_SERVER.replace("  exec(cmd);", `  ${comment}\n  exec(cmd);`);
}
