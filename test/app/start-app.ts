import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { createMcpWardenApp, type McpWardenApp } from "../../src/app/app.js";
import { readAppSettings, type AppSettings } from "../../src/app/app-settings.js";
import type { ScanRunner } from "../../src/app/scan-task.js";
import { openScanStore, type ScanStore } from "../../src/app/scan-store.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import type { GitRepo } from "../helpers/git-repo.js";
import { FakeGitHubApp } from "./fake-github-app.js";
import { sendWebhook, type Delivery } from "./webhooks.js";

export const OWNER = "acme";
export const REPO = "notes-server";
export const TOKEN = "ghs_fakeInstallationTokenNeverLogged0123456789";
export const INSTALLATION_ID = 4242;
const APP_ID = 123;
const SECRET = "webhook-secret-for-tests";

export interface RunningApp {
  github: FakeGitHub;
  front: FakeGitHubApp;
  store: ScanStore;
  app: McpWardenApp;
  url: string;
  /** Every log line the App wrote. */
  logs: string[];
  tempRoot: string;
  send(event: string, payload: unknown, secret?: string): Promise<Delivery>;
  /** Folders left in the App's temporary root. */
  leftovers(): string[];
  stop(): Promise<void>;
}

/** A real Probot server on a local port, its GitHub API a FakeGitHub behind a FakeGitHubApp, its store in memory. */
export async function startApp(git: GitRepo, options: { settings?: Partial<AppSettings>; run?: ScanRunner } = {}): Promise<RunningApp> {
  // A fresh key per run: nothing secret is ever committed.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const github = new FakeGitHub({ git, owner: OWNER, repo: REPO, token: TOKEN });
  await github.start();
  const front = new FakeGitHubApp({ upstream: github.url, privateKey, appId: APP_ID, installationId: INSTALLATION_ID, token: TOKEN, slug: "github-actions" });
  await front.start();
  const tempRoot = mkdtempSync(path.join(os.tmpdir(), "mcp-warden-app-test-"));
  const settings: AppSettings = { ...readAppSettings({}), database: ":memory:", tempRoot, throttle: false, ...options.settings };
  const store = openScanStore(settings.database);
  const app = createMcpWardenApp({ settings, store, ...(options.run ? { run: options.run } : {}) });
  const logs: string[] = [];
  const log = pino({ level: "info" }, new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(chunk.toString("utf8")), done()) }));
  const port = await freePort();
  const server = new Server({
    Probot: Probot.defaults({ appId: APP_ID, privateKey, secret: SECRET, baseUrl: front.url, log, Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }) }),
    port,
    host: "127.0.0.1",
    log,
    enableStaticFiles: false,
  });
  await server.load(app.appFn);
  await server.start();
  const url = `http://127.0.0.1:${port}`;
  return {
    github,
    front,
    store,
    app,
    url,
    logs,
    tempRoot,
    send: (event, payload, secret = SECRET) => sendWebhook(`${url}/api/github/webhooks`, secret, event, payload),
    leftovers: () => readdirSync(tempRoot),
    stop: async () => {
      app.stop();
      await app.idle();
      await server.stop();
      await front.stop();
      await github.stop();
      store.close();
      rmSync(tempRoot, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on: Probot's Server reads port 0 as "the default, 3000". */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
