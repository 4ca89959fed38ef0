import { isBatchWorker, serveBatches } from "../engine/batch-worker.js";
import { main } from "./main.js";

// Started by a scan to analyse its batches, the bundle serves them instead of running a command.
if (isBatchWorker()) serveBatches();
else {
  // A reader closing the pipe early (`mcp-warden scan | head`) is not a failure of the scan.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });

  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    env: process.env,
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  });
}
