import type { ApplicationFunction, Probot } from "probot";
import type { Logger } from "../github/github-client.js";
import type { AppSettings } from "./app-settings.js";
import { badgeRoute } from "./badge-route.js";
import { onCheckRun } from "./handlers/on-check-run.js";
import { onCheckSuite } from "./handlers/on-check-suite.js";
import { onPullRequest } from "./handlers/on-pull-request.js";
import { onPush } from "./handlers/on-push.js";
import { onRepository } from "./handlers/on-repository.js";
import { healthRoute } from "./health-route.js";
import { runScanInWorker } from "./run-scan-in-worker.js";
import { ScanQueue } from "./scan-queue.js";
import type { ScanStore } from "./scan-store.js";
import { scanTask, type ScanRunner } from "./scan-task.js";

export interface McpWardenAppOptions {
  settings: AppSettings;
  store: ScanStore;
  /** Replaces the worker thread that runs each scan. */
  run?: ScanRunner;
}

/** The Probot application function, and the queue it creates, for shutdown and tests. */
export interface McpWardenApp {
  appFn: ApplicationFunction;
  /** Resolves once no scan is queued or running. */
  idle(): Promise<void>;
  /** Aborts every scan. */
  stop(): void;
}

/** Wires webhook events to their handlers and the badge and health routes to the server; the handlers only queue scans. */
export function createMcpWardenApp(options: McpWardenAppOptions): McpWardenApp {
  const queues: ScanQueue[] = [];
  const appFn: ApplicationFunction = (app, { addHandler }) => {
    const log = appLogger(app);
    const task = scanTask({ auth: (id) => app.auth(id), settings: options.settings, store: options.store, run: options.run ?? runScanInWorker, log });
    const queue = new ScanQueue({ concurrency: options.settings.concurrency, timeoutMs: options.settings.timeoutMs, task, log });
    queues.push(queue);
    const deps = { queue, store: options.store, log };
    app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], onPullRequest(deps));
    app.on("check_suite.requested", onCheckSuite(deps));
    app.on("check_run.rerequested", onCheckRun(deps));
    app.on("push", onPush(deps));
    app.on(["repository.privatized", "repository.publicized"], onRepository(deps));
    addHandler(badgeRoute(options.store));
    addHandler(healthRoute(queue));
  };
  return {
    appFn,
    idle: async () => {
      await Promise.all(queues.map((queue) => queue.idle()));
    },
    stop: () => queues.forEach((queue) => queue.stop()),
  };
}

function appLogger(app: Probot): Logger {
  const log = app.log.child({ name: "mcp-warden" });
  return { info: (message) => log.info(message), warning: (message) => log.warn(message) };
}
