import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ACTION = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What the step wrote to GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What the step wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** The runner's temporary folder after the run (it should hold nothing of ours). */
  runnerTempEntries: string[];
}

export interface ActionEnvironment {
  apiUrl: string;
  repository: string;
  workspace: string;
  sha: string;
  eventName: string;
  event: unknown;
  /** Inputs by their action.yml name (`fail-on`), passed as GitHub does: INPUT_ and the name upper-cased, dashes kept. */
  inputs: Record<string, string>;
}

/** Runs `node dist/index.js` as the runner does, with a fresh event file, output file, summary file and temp folder. */
export async function runAction(env: ActionEnvironment, timeoutMs = 120_000): Promise<ActionRun> {
  const runner = mkdtempSync(path.join(os.tmpdir(), "mcp-warden-runner-"));
  try {
    const files = { event: path.join(runner, "event.json"), output: path.join(runner, "output"), summary: path.join(runner, "summary.md") };
    const temp = path.join(runner, "temp");
    writeFileSync(files.event, JSON.stringify(env.event));
    writeFileSync(files.output, "");
    writeFileSync(files.summary, "");
    mkdirSync(temp);
    const inputs = Object.fromEntries(Object.entries(env.inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, "_").toUpperCase()}`, value]));
    const child = spawn(process.execPath, [ACTION], {
      cwd: env.workspace,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? runner,
        GITHUB_ACTIONS: "true",
        GITHUB_EVENT_NAME: env.eventName,
        GITHUB_EVENT_PATH: files.event,
        GITHUB_REPOSITORY: env.repository,
        GITHUB_SHA: env.sha,
        GITHUB_WORKSPACE: env.workspace,
        GITHUB_API_URL: env.apiUrl,
        GITHUB_SERVER_URL: "https://github.test",
        GITHUB_RUN_ID: "4242",
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_OUTPUT: files.output,
        RUNNER_TEMP: temp,
        ...inputs,
      },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const status = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`the Action did not finish within ${timeoutMs} ms:\n${Buffer.concat(stdout).toString()}`));
      }, timeoutMs);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    return {
      status,
      stdout: Buffer.concat(stdout).toString("utf8"),
      stderr: Buffer.concat(stderr).toString("utf8"),
      outputs: parseOutputs(readFileSync(files.output, "utf8")),
      summary: readFileSync(files.summary, "utf8"),
      runnerTempEntries: readdirSync(temp),
    };
  } finally {
    rmSync(runner, { recursive: true, force: true });
  }
}

/** Reads GITHUB_OUTPUT's `name<<delimiter` blocks (and plain `name=value` lines). */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
      outputs[name] = value.join("\n");
    } else if (line.includes("=")) outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
  }
  return outputs;
}
