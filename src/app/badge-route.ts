import type { IncomingMessage, ServerResponse } from "node:http";
import { badgeEndpoint, badgeSvg } from "../checklist/badge.js";
import type { ComplianceSummary } from "../rule-api/types.js";
import type { ScanStore } from "./scan-store.js";

const ROUTE = /^\/badge\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(\.svg|\/endpoint\.json)$/;
const GRADES: readonly string[] = ["A", "B", "C", "D", "F"] satisfies ComplianceSummary["grade"][];
// Short, so a new scan shows soon; shields.io and GitHub's image proxy honour it.
const CACHE_CONTROL = "public, max-age=300";

/**
 * `GET /badge/:owner/:repo.svg` and `GET /badge/:owner/:repo/endpoint.json` (shields.io endpoint): the default
 * branch's latest scan of a public repository; "unknown" for private, unknown and never-scanned repositories alike,
 * so the answer tells nothing about a private repository.
 */
export function badgeRoute(store: ScanStore) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    const match = ROUTE.exec(pathname);
    if (match === null || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const [, owner = "", repo = "", kind] = match;
    const scan = store.latestPublicDefaultBranchScan({ owner, repo });
    const compliance = scan !== undefined && scan.score !== null && scan.grade !== null && GRADES.includes(scan.grade) ? { score: scan.score, grade: scan.grade as ComplianceSummary["grade"], commit: scan.commit } : undefined;
    const [type, body] = kind === ".svg" ? ["image/svg+xml; charset=utf-8", badgeSvg(compliance)] : ["application/json; charset=utf-8", badgeEndpoint(compliance)];
    res.writeHead(200, { "content-type": type, "cache-control": CACHE_CONTROL, "x-content-type-options": "nosniff" });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
