import { describe, expect, it } from "vitest";
import { main, type CliIo } from "../../src/cli/main.js";
import { createProject, SHELL_SERVER } from "./run-cli.js";

const ANSI = /\u001b\[/;

/** Runs main() in this process with captured streams, as if stdout were (or were not) a terminal. */
async function run(argv: string[], options: { tty: boolean; env?: Record<string, string> }) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    isTTY: { stdout: options.tty, stderr: options.tty },
    env: options.env ?? {},
    cwd: process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("main: colour", () => {
  it("colours text output only on a terminal, without --no-color or NO_COLOR", async () => {
    const root = await createProject({ "src/index.ts": SHELL_SERVER });
    const onTerminal = await run(["scan", root], { tty: true });
    expect(onTerminal.code).toBe(1);
    expect(onTerminal.stdout).toMatch(ANSI);
    expect((await run(["scan", root], { tty: false })).stdout).not.toMatch(ANSI);
    expect((await run(["scan", root, "--no-color"], { tty: true })).stdout).not.toMatch(ANSI);
    expect((await run(["scan", root], { tty: true, env: { NO_COLOR: "1" } })).stdout).not.toMatch(ANSI);
  });

  it("turns an unexpected failure into exit code 3 with a request to report it", async () => {
    const err: string[] = [];
    const io: CliIo = {
      stdout: {
        write: () => {
          throw new Error("disk on fire");
        },
      },
      stderr: { write: (text: string) => err.push(text) },
      isTTY: { stdout: false, stderr: false },
      env: {},
      cwd: process.cwd(),
    };
    expect(await main(["--version"], io)).toBe(3);
    const stderr = err.join("");
    expect(stderr).toMatch(/^mcp-warden: internal error: Error: disk on fire\n/);
    expect(stderr).toMatch(/\nplease report this at https:\/\/github\.com\/mcp-warden\/mcp-warden\/issues\n$/);
  });

  it("reports a usage error in one line and exit code 2", async () => {
    expect(await run(["scan", "--format", "yaml"], { tty: false })).toEqual({
      code: 2,
      stdout: "",
      stderr: 'mcp-warden: --format: "yaml" is not valid; expected one of text, json, sarif, markdown\n',
    });
  });
});
