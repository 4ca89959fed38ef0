import type { IncomingMessage, ServerResponse } from "node:http";
import type { ScanQueue } from "./scan-queue.js";

/** `GET /healthz`: the server answers, with the queue's length for whoever watches it. */
export function healthRoute(queue: ScanQueue) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== "/healthz" || req.method !== "GET") return false;
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(JSON.stringify({ status: "ok", queue: queue.size }));
    return true;
  };
}
