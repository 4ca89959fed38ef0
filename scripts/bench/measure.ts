import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PEAK_MEMORY = fileURLToPath(new URL("./peak-memory.cjs", import.meta.url));

export interface Measured {
  /** Wall time of the whole process, start-up included. */
  ms: number;
  /** Peak resident set size in bytes. */
  peakBytes: number;
  stdout: string;
}

/** Runs `node args…` as its own process and measures its wall time and peak memory; a failed run throws with its stderr. */
export async function measureNode(args: readonly string[], okCodes: readonly number[] = [0]): Promise<Measured> {
  const peakFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mcp-warden-bench-peak-")), "peak");
  const start = performance.now();
  const child = spawn(process.execPath, ["--require", PEAK_MEMORY, ...args], { env: { ...process.env, MCP_WARDEN_BENCH_PEAK_FILE: peakFile }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const ms = performance.now() - start;
  if (code === null || !okCodes.includes(code)) throw new Error(`node ${args.join(" ")} exited with ${code}:\n${stderr}`);
  const peakBytes = Number(fs.readFileSync(peakFile, "utf8"));
  fs.rmSync(path.dirname(peakFile), { recursive: true, force: true });
  return { ms, peakBytes, stdout };
}
