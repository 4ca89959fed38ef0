import { ts } from "../../rule-api/ts.js";
import { calleeName } from "../ast/function-like.js";
import type { ApiRef } from "../resolve/value-ref.js";
import type { ValueResolver } from "../resolve/value-resolver.js";
import type { SourceSpec } from "./taint.js";

/**
 * Environment variable names that hold secrets, and the settings among them that only configure one. A seed is a
 * wallet's seed phrase alone or qualified as one (WALLET_SEED); SEED_DATA and SEED_USER_EMAIL name data to seed.
 */
export const SECRET_NAME = /(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|PRIVATE_?KEY|CREDENTIALS?|AUTH|MNEMONIC|SEED_PHRASE|(WALLET|MASTER|HD)_SEED|ACCESS_KEY|CLIENT_SECRET|COOKIE|SESSION)(_|$)|^SEED$/i;
// A size, ratio or budget of (LLM) tokens is a number (MCP_TOKEN_SAFETY_BUFFER); SSH_AUTH_SOCK is a socket path;
// AUTH_SERVER and APP_AUTH_METHOD name where and how to sign in; LAZY_AUTH and APP_AUTH_ALLOW_HTTP are switches; Google's credentials variable is a key file's path.
// REDIS_KEY_PREFIX and CACHE_KEY_NAMESPACE shape the names of stored keys, not a credential.
// A bare SESSION names a session or room to join; a qualified one (TELEGRAM_SESSION, SESSION_TOKEN) holds its credential.
export const NOT_SECRET = /(^|_)(PATH|DIR|FILE|URL|HOST|PORT|NAME|ID|PREFIX|SUFFIX|NAMESPACE|SEPARATOR|DELIMITER|USER(NAME)?|REGION|MODE|LEVEL|TYPE|VERSION|TIMEOUT|ENDPOINT|COUNT|MAX|MIN|LIMIT|ENABLED?|DISABLED?|BUFFER|BUDGET|HEADROOM|RATIO|SIZE|THRESHOLD|TTL|LENGTH|PER_TOKEN|SOCK|SOCKET|SERVER|METHOD|STRATEGY|PROVIDER|SCHEME|ISSUER|FLOW|MS|SECS?|SECONDS|MINUTES|HOURS|DAYS|INTERVAL|DELAY|DURATION|RETRIES|ATTEMPTS|(PROJECT|ISSUE|PARTITION|SORT|PRIMARY|CACHE|ROUTING|IDEMPOTENCY)_KEY)$|(^|_)(LAZY|DEFER(RED)?|SKIP|DISABLE|ENABLE|REQUIRE|USE|NO|ALLOW|FORCE)_|^GOOGLE_APPLICATION_CREDENTIALS$|^SESSION$/i;
export const HTTP_CLIENTS: ReadonlySet<string> = new Set(["axios", "got", "ky", "node-fetch", "cross-fetch", "isomorphic-fetch", "superagent", "undici", "ofetch", "redaxios", "needle", "got-scraping"]);
const SAMPLING_METHODS = new Set(["createMessage", "requestSampling"]);
const REQUEST_VERBS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "request", "fetch", "json", "text", "stream"]);

/**
 * Reads of the environment: `process.env.API_KEY` and the whole `process.env` are secrets (for leak rules);
 * `process.env.PORT` is configuration (null). Undefined for anything else.
 */
export function environmentSource(expr: ts.PropertyAccessExpression | ts.ElementAccessExpression, resolver: ValueResolver): SourceSpec | null | undefined {
  const api = resolver.apiOf(expr);
  if (!api || api.module !== "global" || api.path[0] !== "process" || api.path[1] !== "env" || api.path.length > 3) return undefined;
  const name = api.path[2];
  if (name === undefined) return { kind: "secret", node: expr, label: "the whole environment, with every secret in it" };
  if (!SECRET_NAME.test(name) || NOT_SECRET.test(name)) return null;
  return { kind: "secret", node: expr, label: `the secret environment variable ${name}` };
}

/** The response of an outgoing HTTP request (third-party content) or the result of a sampling request. */
export function callSource(call: ts.CallExpression, api: ApiRef | undefined): SourceSpec | undefined {
  // @cloudflare/workers-oauth-provider's lookupClient(): what a client sent when it registered itself, and anyone can.
  if (calleeName(call) === "lookupClient" && (!api || api.module === "@cloudflare/workers-oauth-provider")) {
    return { kind: "http-request", node: call, label: "the metadata an OAuth client registered (anyone can register one)" };
  }
  if (api) {
    // The request itself (fetch(u), axios.get(u), client.post(u)), not a method on what it returned (res.data.map).
    const afterInstance = api.path.slice(api.path.lastIndexOf("#") + 1);
    const member = afterInstance[afterInstance.length - 1] ?? "";
    const isRequest = api.module === "global" ? api.path.length === 1 && member === "fetch" : HTTP_CLIENTS.has(api.module) && (api.path.length === 0 || (afterInstance.length <= 1 && (REQUEST_VERBS.has(member) || afterInstance.length === 0)));
    if (isRequest) {
      return { kind: "third-party-content", node: call, label: `the response of ${api.module === "global" ? "fetch" : api.module}` };
    }
    return undefined;
  }
  const name = calleeName(call);
  if (name && SAMPLING_METHODS.has(name)) return { kind: "sampling-result", node: call, label: "a sampling result (text the client's model produced)" };
  return undefined;
}
