import { createServer, type IncomingMessage } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { readAppSettings } from "../../src/app/app-settings.js";
import { runScanInWorker } from "../../src/app/run-scan-in-worker.js";
import { ScanStopped } from "../../src/app/scan-stopped.js";
import { listenLocally } from "../helpers/local-server.js";

const tempDir = mkdtempSync(path.join(os.tmpdir(), "mcp-warden-worker-test-"));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

it("terminates the worker thread when the scan is aborted, closing what it had open", async () => {
  // An API that never answers: the worker waits on its tarball until the thread is ended.
  let arrived: (request: IncomingMessage) => void = () => undefined;
  const request = new Promise<IncomingMessage>((resolve) => (arrived = resolve));
  const server = createServer((req) => arrived(req));
  const baseUrl = await listenLocally(server);
  const controller = new AbortController();
  const log = { info: () => undefined, warning: () => undefined };
  const input = {
    job: { kind: "commit" as const, installationId: 1, repo: { owner: "acme", repo: "stuck" }, sha: "a".repeat(40), ref: "refs/heads/main" },
    token: "ghs_test",
    baseUrl,
    appSlug: "mcp-warden",
    tempDir,
    limits: readAppSettings({}).limits,
    throttle: false,
    memoryMb: 256,
  };
  const scan = runScanInWorker(input, controller.signal, log);
  const held = await request;
  expect(held.url).toBe(`/repos/acme/stuck/tarball/${"a".repeat(40)}`);
  const closed = new Promise<void>((resolve) => held.socket.on("close", () => resolve()));
  const reason = new ScanStopped("timed_out", "the scan took longer than 1 s");
  controller.abort(reason);
  await expect(scan).rejects.toBe(reason);
  await closed;
  server.close();
});
