import { isBuiltin } from "node:module";
import { ts } from "../ts.js";
import { enclosingFunction, isFunctionLike, propertyNameText, skipOuter } from "../../engine/ast/function-like.js";
import { lookupRefusesPrivate } from "../../engine/dataflow/guards.js";
import { leadingText } from "../../engine/dataflow/string-parts.js";
import { displayName, type ApiRef } from "../../engine/resolve/value-ref.js";
import { nameWords } from "../secrets/secret-name.js";
import { BROWSER_MODULES, browserCall } from "./browser.js";
import { ArgvLists } from "./argv-lists.js";
import { processLaunch } from "./shell-sinks.js";
import type { RuleContext } from "../rule.js";
import type { SinkArgument } from "./sink.js";

const FETCH_LIKE = new Set(["node-fetch", "cross-fetch", "isomorphic-fetch", "ky", "got", "axios", "superagent", "request", "phin", "centra", "make-fetch-happen", "ofetch", "redaxios", "got-scraping"]);
const VERBS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "fetch", "del", "json", "text"]);
const SDK_CLIENT_TRANSPORTS = new Set(["SSEClientTransport", "StreamableHTTPClientTransport", "WebSocketClientTransport"]);

const FILTERING_AGENTS = new Set(["request-filtering-agent", "ssrf-req-filter", "ssrf-agent", "ssrfcheck", "@hapi/wreck"]);
const AGENT_OPTIONS = ["agent", "httpAgent", "httpsAgent", "dispatcher", "lookup"];

/** Modules whose clients connect to a database, where a connection string is what a tool picks by design, or parse URLs without requesting them. */
const NOT_API_CLIENTS = /^(pg|mysql2?|sqlite3?|better-sqlite3|mongodb|mongoose|knex|sequelize|@prisma\/client|typeorm|redis|ioredis|@libsql\/client|drizzle-orm|@neondatabase\/serverless|neo4j-driver|@elastic\/elasticsearch|duckdb|postgres|mssql|oracledb|cassandra-driver|url-parse|urijs|whatwg-url)$/;
/** How the name of the setting that decides which server an API client talks to ends: `baseUrl`, `hackmdApiUrl`, `endpoint`. */
const ENDPOINT_ENDINGS = ["base url", "base uri", "api url", "api uri", "server url", "instance url", "endpoint", "endpoint url"];
/** Factories of API clients (openapi-fetch's createClient, createApiClient): constructors are asked of every `new`. */
const CLIENT_FACTORY = /^create\w*(Client|Api|Sdk)$/;

/**
 * The server a third-party API client is pointed at: `new API(token, apiUrl)`, `new Octokit({ baseUrl })`,
 * `createClient({ baseUrl })`. Every request the client makes goes there, with the credentials it was given.
 */
export function clientEndpoints(call: ts.CallExpression | ts.NewExpression, context: RuleContext): SinkArgument[] {
  const api = context.api(call.expression);
  if (!api || api.module === "global" || api.module.startsWith("node:") || isBuiltin(api.module) || NOT_API_CLIENTS.test(api.module)) return [];
  // A default export goes by the name it is imported as (`import createClient from "openapi-fetch"`).
  const member = api.path.filter((p) => p !== "#" && p !== "default").pop() ?? (ts.isIdentifier(call.expression) ? call.expression.text : "");
  if (!ts.isNewExpression(call) && !CLIENT_FACTORY.test(member)) return [];
  // Request libraries and transports have their own targets.
  if (unfilteredTargets(call, context).length) return [];
  const at = (expr: ts.Expression): SinkArgument => ({ expr, call, api: `${displayName(api)} (${api.module})` });
  return (call.arguments ?? []).flatMap((arg) => {
    const props = context.objectProps(arg);
    if (props) {
      const keys = props.keys().filter(namesEndpoint);
      return keys.length ? configTargets(arg, context, at, keys) : [];
    }
    const name = endpointName(skipOuter(arg));
    return name && namesEndpoint(name) ? [at(arg)] : [];
  });
}

/** `apiBaseUrl`, `x-notes-api-url`, `endpoint`; not `databaseUrl` or `feedUrl`. */
function namesEndpoint(name: string): boolean {
  const words = nameWords(name).join(" ");
  return ENDPOINT_ENDINGS.some((end) => words === end || words.endsWith(` ${end}`));
}

/** The name an argument is known by: `apiUrl`, `config.hackmdApiUrl`, `String(req.headers["x-api-url"] ?? fallback)`. */
function endpointName(arg: ts.Expression): string | undefined {
  if (ts.isIdentifier(arg)) return arg.text;
  if (ts.isPropertyAccessExpression(arg)) return arg.name.text;
  if (ts.isElementAccessExpression(arg) && ts.isStringLiteralLike(arg.argumentExpression)) return arg.argumentExpression.text;
  if (ts.isBinaryExpression(arg) && (arg.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || arg.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return endpointName(skipOuter(arg.left));
  if (ts.isCallExpression(arg) && ts.isIdentifier(arg.expression) && arg.expression.text === "String" && arg.arguments[0]) return endpointName(skipOuter(arg.arguments[0]));
  return undefined;
}

/** URL (or host) arguments of outgoing HTTP requests: fetch, undici, axios, got, ky, http(s).request, WebSocket, MCP client transports. */
export function requestTargets(call: ts.CallExpression | ts.NewExpression, context: RuleContext): SinkArgument[] {
  const targets = unfilteredTargets(call, context);
  // Asked only of requests: most calls with an API (path.join, console.log) request nothing.
  return targets.length && usesFilteringAgent(call, context) ? [] : targets;
}

function unfilteredTargets(call: ts.CallExpression | ts.NewExpression, context: RuleContext): SinkArgument[] {
  const api = context.api(call.expression);
  if (!api) return [];
  const args = [...(call.arguments ?? [])];
  const a0 = args[0];
  if (!a0) return [];
  const name = displayName(api);
  const member = api.path.filter((p) => p !== "#").pop() ?? "";
  const at = (expr: ts.Expression): SinkArgument => ({ expr, call, api: name });
  // fetch(request) reads a Request's URL: the method, headers and body it was made with (its init) choose no host.
  if (api.module === "global" && member === "fetch") return [{ ...at(a0), fields: ["url"] }];
  if (api.module === "global" && member === "WebSocket") return [at(a0)];
  if (api.module === "undici" && ["fetch", "request", "stream", "pipeline", "connect"].includes(member)) return [at(a0)];
  if (api.module === "ws" || (api.module === "global" && member === "EventSource") || api.module === "eventsource") return ts.isNewExpression(call) ? [at(a0)] : [];
  if (api.module.startsWith("@modelcontextprotocol/") && SDK_CLIENT_TRANSPORTS.has(member)) return [at(a0)];
  // The AI SDK's MCP client connects to `transport.url` itself: createMCPClient({ transport: { type: "http", url } }).
  if ((api.module === "@ai-sdk/mcp" || api.module === "ai") && /^(experimental_)?createMCPClient$/.test(member)) {
    const transport = context.objectProps(a0)?.value("transport");
    return transport && context.objectProps(transport) ? configTargets(transport, context, at, ["url"]) : [];
  }
  if (api.module === "http" || api.module === "https") {
    if (member !== "request" && member !== "get") return [];
    return configTargets(a0, context, at, ["hostname", "host"]);
  }
  if (api.module === "needle" && ts.isCallExpression(call)) return args[1] ? [at(args[1])] : [];
  // pdfjs getDocument(url) or getDocument({ url }) downloads the document itself.
  if (api.module.startsWith("pdfjs-dist") && member === "getDocument") return configTargets(a0, context, at, ["url"]);
  if (FETCH_LIKE.has(api.module)) return libraryTargets(api, member, call, args, context, at);
  // lighthouse(url, flags) has Chrome load the page it audits, with everything the page then requests.
  if (api.module === "lighthouse" && (api.path.length === 0 || member === "lighthouse") && ts.isCallExpression(call)) return [{ ...at(a0), api: "lighthouse" }];
  // Playwright's APIRequestContext (context.request.get(url), request.newContext().fetch(url)) sends plain HTTP requests.
  if (BROWSER_MODULES.has(api.module) && api.path.includes("request") && PLAYWRIGHT_REQUEST_VERBS.has(member)) return [{ ...at(a0), api: `Playwright request.${member}` }];
  return [];
}

const PLAYWRIGHT_REQUEST_VERBS = new Set(["get", "post", "put", "patch", "delete", "head", "fetch"]);

/** Options of curl and wget that take the next argument as their value: a header, a body, an output file, not the URL. */
const DOWNLOADER_VALUE_OPTIONS: Record<string, ReadonlySet<string>> = {
  curl: new Set([
    "-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--json", "-H", "--header", "-X", "--request", "-A", "--user-agent", "-e", "--referer",
    "-u", "--user", "-b", "--cookie", "-c", "--cookie-jar", "-F", "--form", "-m", "--max-time", "--connect-timeout", "-o", "--output", "-w", "--write-out",
    "-T", "--upload-file", "-x", "--proxy", "-K", "--config", "--retry", "-r", "--range", "-D", "--dump-header", "--cacert", "--cert", "--key", "-E",
  ]),
  wget: new Set(["-O", "--output-document", "-o", "--output-file", "-P", "--directory-prefix", "--header", "-U", "--user-agent", "-T", "--timeout", "-t", "--tries", "--post-data", "--body-data", "--method", "-e", "--execute"]),
};

/**
 * The URLs a curl or wget process is given (`execFile("curl", ["-sL", url])`, or through a `run(cmd, args)` wrapper):
 * every element of its argument lists that is not an option or an option's value (curl's `--url <url>` included).
 * Reported by no-ssrf only: a launch is no request to time out or to read a response from.
 */
export function downloaderTargets(call: ts.CallExpression | ts.NewExpression, context: RuleContext): SinkArgument[] {
  const targets = new Map<ts.Node, SinkArgument>();
  for (const { program, elements } of launchedArguments(call, context, (name) => name in DOWNLOADER_VALUE_OPTIONS)) {
    const options = DOWNLOADER_VALUE_OPTIONS[program] as ReadonlySet<string>;
    let previous: string | undefined;
    for (const el of elements) {
      const text = ts.isSpreadElement(el) ? undefined : context.constantText(el);
      const valueOf = previous;
      previous = text;
      if (ts.isSpreadElement(el) || text !== undefined) continue;
      if (valueOf !== undefined && options.has(valueOf)) continue;
      targets.set(el, { expr: el, call, api: program });
    }
  }
  return [...targets.values()];
}

/** Each argument list, past the program, that this call (or a `run(cmd, args)` wrapper's callers) launches a wanted program with. */
function launchedArguments(call: ts.CallExpression | ts.NewExpression, context: RuleContext, wanted: (name: string) => boolean): { program: string; elements: readonly ts.Expression[] }[] {
  const launch = processLaunch(call, context);
  if (!launch?.program || !launch.args) return [];
  const nameOf = (program: string) => program.split(/[\\/]/).pop() ?? program;
  return new ArgvLists(context)
    .launched(launch.program, launch.args, (program) => wanted(nameOf(program)))
    .flatMap((way) => (way.lists ?? []).map((elements) => ({ program: nameOf(way.program), elements: elements.slice(launch.argsFrom ?? 0) })));
}

/** git sub-commands that connect to a repository, and which operand names it: `clone <url>`, `remote add <name> <url>`. */
const GIT_REMOTE_OPERAND: Readonly<Record<string, number>> = { clone: 0, fetch: 0, pull: 0, "ls-remote": 0, "remote add": 1, "remote set-url": 1, "submodule add": 0 };
/** git options (global or of those sub-commands) that take the next element as their value. */
const GIT_VALUE_OPTIONS = new Set(["-C", "-c", "--depth", "-b", "--branch", "-o", "--origin", "--config", "--reference", "--separate-git-dir", "--template", "-u", "--upload-pack", "-j", "--jobs", "--filter", "--shallow-since", "--shallow-exclude", "-t", "--track", "-m", "--name"]);
/** simple-git's and isomorphic-git's methods that connect to a remote, and where its URL is. */
const GIT_LIBRARY_REMOTES: Readonly<Record<string, Readonly<Record<string, { arg?: number; option?: string }>>>> = {
  "simple-git": { clone: { arg: 0 }, mirror: { arg: 0 }, addRemote: { arg: 1 } },
  "isomorphic-git": { clone: { option: "url" }, fetch: { option: "url" }, getRemoteInfo: { option: "url" }, listServerRefs: { option: "url" } },
};

/**
 * The repository URL a git process or library connects to: `execFile("git", ["clone", "--depth", "1", url, dir])`,
 * `git.clone(url)` of simple-git, `git.clone({ url })` of isomorphic-git. Only the operand that names the remote.
 */
export function gitRemoteTargets(call: ts.CallExpression | ts.NewExpression, context: RuleContext): SinkArgument[] {
  const api = context.api(call.expression);
  const library = api && GIT_LIBRARY_REMOTES[api.module]?.[api.path.filter((p) => p !== "#").pop() ?? ""];
  if (api && library) {
    const expr = library.option ? context.objectProps(call.arguments?.[0])?.value(library.option) : call.arguments?.[library.arg ?? 0];
    return expr ? [{ expr, call, api: displayName(api) }] : [];
  }
  const targets = new Map<ts.Node, SinkArgument>();
  for (const { elements } of launchedArguments(call, context, (name) => name === "git")) {
    const remote = remoteOperand(elements, context);
    if (remote) targets.set(remote, { expr: remote, call, api: "git" });
  }
  return [...targets.values()];
}

/** The element of a git argument list that names the remote, when it is not fixed text. */
function remoteOperand(elements: readonly ts.Expression[], context: RuleContext): ts.Expression | undefined {
  let words = "";
  let operands = 0;
  let skipValue = false;
  let optionsEnded = false;
  for (const el of elements) {
    if (ts.isSpreadElement(el)) return undefined;
    const text = context.constantText(el);
    if (skipValue) {
      skipValue = false;
      continue;
    }
    if (!optionsEnded && text === "--") {
      optionsEnded = true;
      continue;
    }
    if (!optionsEnded && text?.startsWith("-")) {
      skipValue = GIT_VALUE_OPTIONS.has(text);
      continue;
    }
    const position = GIT_REMOTE_OPERAND[words];
    if (position === undefined) {
      if (text === undefined) return undefined;
      words = words ? `${words} ${text}` : text;
      if (!Object.keys(GIT_REMOTE_OPERAND).some((w) => w === words || w.startsWith(`${words} `))) return undefined;
      continue;
    }
    if (operands++ === position) return text === undefined ? el : undefined;
  }
  return undefined;
}

/** Clients whose verbs take the payload itself after the URL: axios.post(url, data, config). */
const DATA_SECOND = new Set(["axios", "redaxios"]);
const DATA_VERBS = new Set(["post", "put", "patch"]);
const PAYLOAD_OPTIONS = ["body", "data", "json"];

/**
 * The JSON payloads an outgoing request sends: fetch's and undici's `body: JSON.stringify(x)`, axios's `data` (or the
 * argument after the URL), got's and ky's `json`, openapi-fetch's `body`. The object itself, not its serialised text.
 */
export function requestPayloads(call: ts.CallExpression, context: RuleContext): ts.Expression[] {
  const api = context.api(call.expression);
  if (!api) return [];
  const member = api.path.filter((p) => p !== "#").pop() ?? "";
  // openapi-fetch's client.POST(path, { params, body }): the body object is the payload, serialised by the client.
  if (api.module === "openapi-fetch") {
    const body = /^(POST|PUT|PATCH)$/.test(member) ? context.objectProps(call.arguments[1])?.value("body") : undefined;
    return body ? [body] : [];
  }
  const fetchLike = (api.module === "global" && member === "fetch") || (api.module === "undici" && (member === "fetch" || member === "request"));
  if (!fetchLike && !(FETCH_LIKE.has(api.module) && (api.path.length === 0 || VERBS.has(member)))) return [];
  const dataSecond = DATA_SECOND.has(api.module) && DATA_VERBS.has(member);
  const options = call.arguments.filter((_, i) => !(dataSecond && i === 1));
  const payloads = [...(dataSecond && call.arguments[1] ? [call.arguments[1]] : []), ...options.flatMap((a) => PAYLOAD_OPTIONS.flatMap((k) => context.objectProps(a)?.value(k) ?? []))];
  return payloads.map((p) => serialised(p, context, 0));
}

/** `JSON.stringify(x)`, directly or through a const: x. */
function serialised(expr: ts.Expression, context: RuleContext, depth: number): ts.Expression {
  const e = skipOuter(expr);
  if (ts.isIdentifier(e) && depth < 3) {
    const init = context.initializer(e);
    return init ? serialised(init, context, depth + 1) : e;
  }
  if (!ts.isCallExpression(e) || !e.arguments[0]) return e;
  const api = context.api(e.expression);
  return api?.module === "global" && api.path.join(".") === "JSON.stringify" ? e.arguments[0] : e;
}


/** `page.goto(url)` where the package drives a browser (Playwright, Puppeteer): the page a headless browser opens and reads. */
export function navigationTargets(call: ts.CallExpression | ts.NewExpression, context: RuleContext): SinkArgument[] {
  const callee = ts.isCallExpression(call) ? call.expression : undefined;
  const url = call.arguments?.[0];
  if (!callee || !url || !ts.isPropertyAccessExpression(callee) || callee.name.text !== "goto") return [];
  const api = context.api(callee);
  if (!browserCall(call, context)) return [];
  return [{ expr: url, call, api: api ? displayName(api) : "page.goto" }];
}

/** Clients that follow redirects unless told not to: fetch and its wrappers, axios, got. */
const REDIRECTING = new Set(["node-fetch", "cross-fetch", "isomorphic-fetch", "ky", "got", "got-scraping", "axios", "redaxios", "ofetch", "make-fetch-happen"]);

/**
 * Does the request follow a redirect wherever it points? fetch, axios and got do by default. Options that say
 * `redirect: "manual"` or `"error"`, `maxRedirects: 0`, `follow: 0` or `followRedirect: false`, or that bring their own
 * agent, dispatcher or lookup (which may check every hop), stop that; so may options the scan cannot read.
 */
export function followsRedirects(call: ts.CallExpression | ts.NewExpression, context: RuleContext): boolean {
  const api = context.api(call.expression);
  const member = api?.path.filter((p) => p !== "#").pop() ?? "";
  if (!api || !ts.isCallExpression(call) || !((api.module === "global" && member === "fetch") || (api.module === "undici" && member === "fetch") || REDIRECTING.has(api.module))) return false;
  return call.arguments.slice(1).every((arg) => {
    const props = context.objectProps(arg);
    if (!props) return false;
    const redirect = props.value("redirect");
    if (redirect && context.constantText(redirect) !== "follow") return false;
    const limit = props.value("maxRedirects") ?? props.value("follow");
    if (limit && !(Number(context.constantText(limit)) > 0)) return false;
    const follow = props.value("followRedirect");
    if (follow && skipOuter(follow).kind !== ts.SyntaxKind.TrueKeyword) return false;
    return !AGENT_OPTIONS.some((k) => props.has(k)) && !props.has("beforeRedirect") && !props.has("hooks");
  });
}

/**
 * An agent that checks every resolved address at connect time guards the request: request-filtering-agent,
 * ssrf-req-filter, or the project's own DNS lookup hook that refuses private addresses.
 */
function usesFilteringAgent(call: ts.CallExpression | ts.NewExpression, context: RuleContext): boolean {
  return (call.arguments ?? []).some((arg) => {
    const props = context.objectProps(arg);
    return !!props && AGENT_OPTIONS.some((key) => {
      const value = props.value(key);
      const inner = value && ts.isCallExpression(value) ? value.expression : value;
      const api = inner && context.api(inner);
      // new RequestFilteringHttpsAgent(), made here or held in a variable a helper returns.
      const made = value && context.resolve(value);
      const agent = made?.kind === "instance" && made.of.kind === "api" ? made.of : undefined;
      return (!!api && FILTERING_AGENTS.has(api.module)) || (!!agent && FILTERING_AGENTS.has(agent.module)) || (!!value && guardedLookup(value, context, 0));
    });
  });
}

/** `lookup: checkedLookup`, or an agent made with one: `new Agent({ connect: { lookup } })`, `new https.Agent({ lookup })`. */
function guardedLookup(value: ts.Expression, context: RuleContext, depth: number): boolean {
  let e = skipOuter(value);
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  const ref = isFunctionLike(e) ? undefined : context.resolve(e);
  const fn = isFunctionLike(e) ? e : ref?.kind === "function" ? ref.node : undefined;
  // A lookup that answers with an address pinned by the function that made it, after resolving and checking it there.
  const maker = fn && enclosingFunction(fn);
  if (fn) return lookupRefusesPrivate(fn, (x) => context.api(x)) || (!!maker && lookupRefusesPrivate(maker, (x) => context.api(x)));
  if (depth > 1 || !(ts.isNewExpression(e) || ts.isCallExpression(e))) return false;
  const options = context.objectProps(e.arguments?.[0]);
  const lookup = options?.value("lookup") ?? context.objectProps(options?.value("connect"))?.value("lookup");
  return !!lookup && guardedLookup(lookup, context, depth + 1);
}

function libraryTargets(api: ApiRef, member: string, call: ts.CallExpression | ts.NewExpression, args: ts.Expression[], context: RuleContext, at: (e: ts.Expression) => SinkArgument): SinkArgument[] {
  const a0 = args[0] as ts.Expression;
  const onInstance = api.path.includes("#");
  // axios.create({ baseURL }) / got.extend({ prefixUrl }) / ky.create({ prefixUrl }): the base decides the host of every later call.
  if (!onInstance && (member === "create" || member === "extend")) return context.objectProps(a0) ? configTargets(a0, context, at, ["baseURL", "prefixUrl"]) : [];
  if (api.path.length === 0) return configTargets(a0, context, at, ["url", "baseURL"]);
  if (!VERBS.has(member)) return [];
  // axios.get("/status", { baseURL }) / got.get("status", { prefixUrl }): the base decides the host of a relative URL.
  const config = args[DATA_SECOND.has(api.module) && DATA_VERBS.has(member) ? 2 : 1];
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(leadingText(a0, (id) => context.initializer(id)) ?? "");
  const bases = config && !absolute && context.objectProps(config) ? configTargets(config, context, at, ["baseURL", "prefixUrl"]) : [];
  return [...configTargets(a0, context, at, ["url", "baseURL"]), ...bases];
}

/** For a request config object, its url-like properties, including those of objects spread into it; for any other argument, the url-like properties of whatever object it holds. */
function configTargets(arg: ts.Expression, context: RuleContext, at: (e: ts.Expression) => SinkArgument, keys: string[]): SinkArgument[] {
  const props = context.objectProps(arg);
  if (!props) return [{ ...at(arg), fields: keys }];
  const own = keys.flatMap((k) => {
    const v = props.value(k);
    return v ? [at(v)] : [];
  });
  // `{ ...config, headers }` with config made by the caller: its url reaches the request, unless a property written after the spread replaces it.
  const spread = props.node.properties.flatMap((p, i) => {
    if (!ts.isSpreadAssignment(p) || context.objectProps(p.expression)) return [];
    const later = new Set(props.node.properties.slice(i + 1).map((q) => (!ts.isSpreadAssignment(q) && q.name ? propertyNameText(q.name) : undefined)));
    const fields = keys.filter((k) => !later.has(k));
    return fields.length ? [{ ...at(p.expression), fields }] : [];
  });
  return [...own, ...spread];
}
