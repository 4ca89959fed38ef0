import { ts } from "../../rule-api/ts.js";
import type { Capability } from "../../rule-api/types.js";
import { callsIn } from "../ast/calls-in.js";
import { isFunctionLike } from "../ast/function-like.js";
import { inLogging } from "../ast/in-logging.js";
import type { ValueResolver } from "../resolve/value-resolver.js";

const FS_WRITE = /^(write|append|create(Write)?Stream|rm|rmdir|unlink|rename|copy|cp|mkdir|symlink|link|truncate|chmod|chown|utimes|output|move|remove|ensure|emptyDir|outputFile|outputJson|writeJson)/;
const FS_READ = /^(read|createReadStream|open|opendir|stat|lstat|access|exists|realpath|readJson|pathExists|watch)/;
const DB_MODULES = /^(pg|mysql2?|sqlite3?|better-sqlite3|mongodb|mongoose|knex|sequelize|@prisma\/client|typeorm|redis|ioredis|@libsql\/client|drizzle-orm|@neondatabase\/serverless|@supabase\/supabase-js|neo4j-driver|@elastic\/elasticsearch|duckdb)/;
const NET_MODULES = /^(axios|got|node-fetch|undici|ky|superagent|needle|request|cross-fetch|isomorphic-fetch|http|https|ws|net|tls|dgram|@octokit\/|openai|@anthropic-ai\/sdk)/;

/**
 * What a handler can do, from the library APIs reachable through the project's own calls
 * (bounded: 400 functions per handler).
 */
export class CapabilityIndex {
  private readonly memo = new Map<ts.Node, Set<Capability>>();

  constructor(private readonly resolver: ValueResolver) {}

  of(fn: ts.Node): Capability[] {
    const cached = this.memo.get(fn);
    if (cached) return [...cached].sort();
    const caps = new Set<Capability>();
    const seen = new Set<ts.Node>();
    const queue: ts.Node[] = [fn];
    for (let next = 0; next < queue.length && seen.size < 400; next++) {
      const f = queue[next] as ts.Node;
      if (seen.has(f)) continue;
      seen.add(f);
      const body = isFunctionLike(f) ? f.body : f;
      for (const call of body ? callsIn(body) : []) {
        if (ts.isTaggedTemplateExpression(call)) continue;
        const api = this.resolver.apiOf(call.expression);
        // The server appending to its own log (and making its folder) writes nothing of the user's.
        if (api) addCapability(api.module, api.path, caps, inLogging(call));
        else for (const g of this.resolver.calleeFunctions(call)) if (!seen.has(g)) queue.push(g);
      }
    }
    this.memo.set(fn, caps);
    return [...caps].sort();
  }
}

function addCapability(module: string, path: readonly string[], caps: Set<Capability>, logging: boolean): void {
  const member = path[0] ?? "";
  if (module === "child_process" || module === "execa" || module === "zx" || module === "shelljs" || module === "cross-spawn") caps.add("exec");
  else if (module === "vm" || (module === "global" && (member === "eval" || member === "Function"))) caps.add("code");
  else if (module === "fs" || module === "fs-extra" || module === "graceful-fs") {
    if (FS_WRITE.test(member) && !(logging && /^(append|mkdir)/.test(member))) caps.add("fs-write");
    else if (FS_READ.test(member)) caps.add("fs-read");
  } else if ((module === "global" && (member === "fetch" || member === "WebSocket")) || NET_MODULES.test(module)) caps.add("network");
  else if (DB_MODULES.test(module)) caps.add("database");
}
