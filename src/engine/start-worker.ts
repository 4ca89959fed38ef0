import { Worker, type WorkerOptions } from "node:worker_threads";

/** A worker thread running the module at `entry`, which may be TypeScript when mcp-warden runs from source (tests, npm run app). */
export function startWorker(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, options);
  // Worker threads do not inherit tsx's loader, so the worker registers it first.
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
