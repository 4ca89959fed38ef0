import { ts } from "./ts.js";
import { isFunctionLike, skipOuter, skipOuterAndAwait, type FunctionLike } from "../engine/ast/function-like.js";
import { returnedExpressions } from "../engine/ast/returned-expressions.js";
import { FS_MODULES } from "../engine/dataflow/library-models.js";
import { inLogging } from "../engine/ast/in-logging.js";
import { stringParts } from "../engine/dataflow/string-parts.js";
import { hasMark, type TaintHit } from "../engine/dataflow/taint.js";
import { reachableCalls, type ReachedCall } from "./reachable-calls.js";
import { ssrfExposure } from "./ssrf-exposure.js";
import { assignedValues } from "./assigned-values.js";
import type { RuleContext } from "./rule.js";
import { codeArguments } from "./sinks/code-sinks.js";
import { createsDirectory, fsPathArguments } from "./sinks/fs-sinks.js";
import { requestTargets } from "./sinks/http-sinks.js";
import { sinkTaint } from "./sinks/sink.js";
import { processLaunch, type ProcessLaunch } from "./sinks/shell-sinks.js";

/**
 * What a tool does to the world, with the call that does it:
 * - fs-write / fs-overwrite / fs-delete: files (overwrite: a write to a path the model chooses);
 * - exec-arbitrary: a command line or program the model chooses, or code it supplies;
 * - exec-mutating: a fixed command that changes state (`git push`, `rm`, `kubectl delete`);
 * - db-write / db-destroy: insert/update, or delete/drop/truncate;
 * - http-write / http-delete: PUT, PATCH (or a model-chosen method), DELETE;
 * - transfer: sends a transaction, a payment or an exchange order;
 * - network: any outgoing request.
 */
export type EffectKind = "fs-write" | "fs-overwrite" | "fs-delete" | "exec-arbitrary" | "exec-mutating" | "db-write" | "db-destroy" | "http-write" | "http-delete" | "transfer" | "network";

export interface Effect {
  kind: EffectKind;
  call: ts.Node;
  /** Short human text: "deletes files (fs.rm)". */
  what: string;
  /** For network effects: tool arguments choose the host. */
  openHost?: boolean;
}

/** Effects that change state (what `readOnlyHint: true` denies). */
export const WRITE_EFFECTS: ReadonlySet<EffectKind> = new Set(["fs-write", "fs-overwrite", "fs-delete", "exec-arbitrary", "exec-mutating", "db-write", "db-destroy", "http-write", "http-delete", "transfer"]);
/** Effects that can destroy or irreversibly change state (what `destructiveHint: false` denies). */
export const DESTRUCTIVE_EFFECTS: ReadonlySet<EffectKind> = new Set(["fs-overwrite", "fs-delete", "exec-arbitrary", "exec-mutating", "db-destroy", "http-delete", "transfer"]);

/** Scratch space, caches, logs and the server's own bookkeeping: writing there does not change what the user owns. */
const EPHEMERAL_PATH = /(^|[^a-z])(tmp|temp)([^a-z]|$)|tmpdir|tempdir|cache|(^|[^a-z])logs?([^a-z]|$)|(^|[^a-z])log(file|path|dir|folder)|history|telemetry|analytics|metrics|usage|audit/i;

/** Subcommands that change state, per program; a set as value means the subcommand acts only with one of these actions after it. */
type Actions = true | ReadonlySet<string>;
const set = (...w: string[]): ReadonlySet<string> => new Set(w);
const MUTATING_SUBCOMMANDS: Record<string, Record<string, Actions>> = {
  git: {
    push: true, commit: true, reset: true, rebase: true, merge: true, checkout: true, switch: true, rm: true, mv: true, clean: true, "cherry-pick": true, revert: true, pull: true, am: true, apply: true, restore: true, init: true, clone: true, add: true, gc: true, prune: true, "filter-branch": true, "update-ref": true,
    stash: set("push", "pop", "apply", "drop", "clear", "save", "store", "create"), remote: set("add", "remove", "rm", "rename", "set-url", "set-head", "prune", "update"), worktree: set("add", "remove", "move", "prune", "lock", "unlock", "repair"),
    branch: set("-d", "-D", "-m", "-M", "-c", "-C", "--delete", "--move", "--copy", "-f", "--force", "--set-upstream-to", "-u", "*"), tag: set("-d", "--delete", "-a", "-s", "-f", "--force", "*"),
  },
  kubectl: { delete: true, apply: true, create: true, patch: true, replace: true, scale: true, edit: true, label: true, annotate: true, drain: true, cordon: true, uncordon: true, taint: true, set: true, exec: true, run: true, cp: true, expose: true, autoscale: true, rollout: set("restart", "undo", "pause", "resume") },
  helm: { install: true, upgrade: true, uninstall: true, delete: true, rollback: true },
  docker: { rm: true, rmi: true, run: true, stop: true, kill: true, exec: true, prune: true, push: true, build: true, create: true, start: true, restart: true, pull: true, compose: set("up", "down", "rm", "stop", "restart", "build", "pull", "run", "exec", "kill", "create", "start") },
  npm: { install: true, i: true, uninstall: true, publish: true, unpublish: true, run: true, exec: true, update: true, ci: true },
  gh: { pr: set("create", "merge", "close", "edit", "comment", "review", "reopen", "ready", "checkout"), issue: set("create", "close", "edit", "comment", "delete", "reopen", "transfer"), release: set("create", "delete", "edit", "upload"), repo: set("create", "delete", "edit", "fork", "archive", "rename", "clone"), workflow: set("run", "enable", "disable"), secret: set("set", "delete", "remove") },
  terraform: { apply: true, destroy: true, import: true, taint: true },
  systemctl: { start: true, stop: true, restart: true, reload: true, enable: true, disable: true, kill: true, mask: true },
  launchctl: { load: true, unload: true, bootstrap: true, bootout: true, kill: true, remove: true, start: true, stop: true },
  reg: { add: true, delete: true, import: true },
  schtasks: { "/create": true, "/delete": true, "/change": true, "/run": true, "/end": true },
};
const MUTATING_PROGRAMS = new Set(["rm", "rmdir", "mv", "cp", "dd", "mkfs", "chmod", "chown", "kill", "pkill", "killall", "shutdown", "reboot", "truncate", "shred", "unlink", "ln", "tee", "crontab"]);
/** aws <service> <verb-noun>: verbs that change state. */
const AWS_MUTATING = /^(create|delete|put|update|modify|terminate|run|start|stop|reboot|attach|detach|remove|add|invoke|cp|mv|rm|sync|mb|rb|deploy|publish|restore|revoke|authorize)(-|$)/;

const DB_MODULES = /^(pg|mysql2?|sqlite3?|better-sqlite3|mongodb|mongoose|knex|sequelize|@prisma\/client|typeorm|@libsql\/client|drizzle-orm|@neondatabase\/serverless|@supabase\/supabase-js|neo4j-driver|@elastic\/elasticsearch|duckdb|@planetscale\/database|@vercel\/postgres|postgres|mssql|oracledb|cassandra-driver|firebase-admin|@google-cloud\/firestore|@aws-sdk\/client-dynamodb|@aws-sdk\/lib-dynamodb)/;
const DB_DESTROY_METHODS = new Set(["deleteOne", "deleteMany", "findOneAndDelete", "drop", "dropCollection", "dropDatabase", "dropIndex", "dropIndexes", "delete", "destroy", "remove", "truncate", "deleteItem", "DeleteItemCommand", "DeleteCommand"]);
const DB_WRITE_METHODS = new Set(["insertOne", "insertMany", "updateOne", "updateMany", "replaceOne", "findOneAndUpdate", "findOneAndReplace", "bulkWrite", "createCollection", "createIndex", "renameCollection", "insert", "update", "upsert", "create", "createMany", "save", "putItem", "PutItemCommand", "UpdateItemCommand", "PutCommand", "UpdateCommand"]);
const SQL_DESTROY = /^\s*(?:with\b[\s\S]*?\)\s*)?(delete|drop|truncate)\b/i;
const SQL_WRITE = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|replace|merge|create|alter|grant|revoke|upsert)\b/i;
/** The table an INSERT, UPDATE or REPLACE writes to. */
const SQL_WRITE_TABLE = /^\s*(?:insert|replace|upsert)(?:\s+or\s+\w+)?\s+into\s+[`"[]?([\w.]+)|^\s*update\s+[`"[]?([\w.]+)/i;
/** CREATE TABLE/INDEX IF NOT EXISTS: a server setting up its own store on first use, not a change to anything. */
const SQL_SETUP = /^\s*create\s+(?:unique\s+)?(?:table|index|view|trigger)\s+if\s+not\s+exists\b/i;

const TRANSFER_METHODS = new Set(["sendTransaction", "sendRawTransaction", "writeContract", "sendAndConfirmTransaction", "signAndSendTransaction", "sendUserOperation", "createOrder", "createMarketOrder", "createLimitOrder", "withdraw", "transfer", "transferFrom", "safeTransferFrom"]);
const CRYPTO_MODULES = /^(ethers|viem|web3|@solana\/web3\.js|@solana\/spl-token|ccxt|@coinbase\/|@alchemy\/|thirdweb|@wagmi\/|bitcoinjs-lib|tronweb|near-api-js|@cosmjs\/|@mysten\/sui)/;
const PAYMENT_RESOURCES = new Set(["charges", "paymentIntents", "transfers", "payouts", "refunds", "subscriptions", "invoices"]);
const HTTP_WRITE_VERBS = new Set(["put", "patch"]);

/** Effects of a tool's handler (or dispatch case), through the project's own calls. */
export function effectsOf(region: ts.Node, context: RuleContext): Effect[] {
  const out: Effect[] = [];
  const reachedCalls = reachableCalls(region, context);
  const scratch = scratchSpace(reachedCalls, context);
  for (const reached of reachedCalls) {
    const { call } = reached;
    if (ts.isTaggedTemplateExpression(call)) {
      const launch = processLaunch(call, context);
      const text = ts.isTemplateExpression(call.template) ? [call.template.head.text, ...call.template.templateSpans.map((s) => `${unsafe(context.taint(s.expression)) ? "*" : "?"}${s.literal.text}`)].join("") : call.template.text;
      const segment = launch ? mutatingSegment(text) : undefined;
      if (segment) out.push({ kind: "exec-mutating", call, what: `runs \`${segment.slice(0, 48)}\` (${launch?.api})` });
      continue;
    }
    fsEffect(reached, region, context, scratch, out);
    execEffect(reached, region, context, scratch, out);
    codeEffect(call, region, context, out);
    dbEffect(call, context, out);
    httpEffect(reached, context, out);
    transferEffect(call, context, out);
  }
  return out;
}

function fsEffect(reached: ReachedCall, region: ts.Node, context: RuleContext, scratch: (expr: ts.Expression) => boolean, out: Effect[]): void {
  const call = reached.call;
  if (!ts.isCallExpression(call)) return;
  for (const arg of fsPathArguments(call, context)) {
    // copyFile(src, dest) only reads src; rename(src, dest) changes both paths.
    if (arg.access !== "write" && arg.access !== "delete" && arg.access !== "move") continue;
    // symlink(target, path), link(existing, path): the first path is only pointed at.
    if (/\.(symlink|link)(Sync)?$/.test(arg.api) && arg.expr === call.arguments[0]) continue;
    const hits = context.taint(arg.expr);
    const chosen = ownHits(hits, region).some((h) => h.spec.kind !== "http-request");
    if (arg.access === "delete" && (inCleanup(call) || createdHere(arg.expr, call, context))) continue;
    // A scratch path the model can at most name a file in (a basename under tmpdir()) changes nothing the user owns.
    if (namesAtMostAFile(hits) && EPHEMERAL_PATH.test(pathText(arg.expr, context, 0))) continue;
    // Other tools' arguments reaching a shared helper do not reach this call's scratch folder.
    if (namesAtMostAFile(ownHits(hits, region)) && scratch(arg.expr)) continue;
    if (scratchFromEveryCaller(arg.expr, reached, context)) continue;
    if (!chosen && /append/i.test(arg.api) && inLogging(call)) continue;
    if (arg.access === "delete") out.push({ kind: "fs-delete", call, what: `deletes files (${arg.api})` });
    else if (createsDirectory(arg.api)) continue;
    else if (chosen && !/append/i.test(arg.api)) out.push({ kind: "fs-overwrite", call, what: `writes files the model chooses (${arg.api})` });
    else out.push({ kind: "fs-write", call, what: `writes files (${arg.api})` });
    return;
  }
}

/** The model reaches a helper through this tool's own inputs: another tool or an HTTP route calling the same helper does not count. */
function ownHits(hits: readonly TaintHit[], region: ts.Node): TaintHit[] {
  return hits.filter((h) => !h.spec.fn || !isFunctionLike(region) || h.spec.fn === region);
}

function execEffect(reached: ReachedCall, region: ts.Node, context: RuleContext, scratch: (expr: ts.Expression) => boolean, out: Effect[]): void {
  const launch = processLaunch(reached.call as ts.CallExpression | ts.NewExpression, context);
  if (!launch || inScratchRepository(launch, reached, region, context, scratch)) return;
  const { call } = launch;
  if (launch.shellCommand) {
    const start = fixedStart(launch.shellCommand.expr, context);
    if (start === undefined && unsafe(ownHits(context.taint(launch.shellCommand.expr), region).filter((h) => !hasMark(h.taint, "prefixed")), true)) {
      out.push({ kind: "exec-arbitrary", call, what: `runs a command line the model writes (${launch.api})` });
      return;
    }
    const texts = constantWords(launch.shellCommand.expr, reached, context);
    if (!texts.length && start !== undefined) texts.push(`${start} *`);
    const segment = texts.map(mutatingSegment).find(Boolean);
    if (segment) out.push({ kind: "exec-mutating", call, what: `runs \`${segment.slice(0, 48)}\` (${launch.api})` });
    return;
  }
  if (launch.program) {
    if (unsafe(ownHits(context.taint(launch.program), region).filter((h) => !hasMark(h.taint, "prefixed")))) {
      out.push({ kind: "exec-arbitrary", call, what: `runs a program the model chooses (${launch.api})` });
      return;
    }
    for (const program of [context.constantText(launch.program)].concat(context.constantText(launch.program) === undefined ? paramConstants(launch.program, reached, context) : [])) {
      if (!program) continue;
      const name = program.split(/[\\/]/).pop()?.replace(/\.(exe|cmd)$/i, "") ?? program;
      for (const words of launch.args ? argumentWords(launch.args, reached, context) : [[]]) {
        const segment = mutatingSegment([name, ...words].join(" "));
        if (segment) {
          out.push({ kind: "exec-mutating", call, what: `runs \`${segment.slice(0, 48)}\` (${launch.api})` });
          return;
        }
      }
    }
  }
}

function codeEffect(call: ts.CallExpression | ts.NewExpression, region: ts.Node, context: RuleContext, out: Effect[]): void {
  for (const arg of codeArguments(call, context)) {
    if (arg.api === "import()" || arg.api === "require()") continue;
    if (unsafe(ownHits(context.taint(arg.expr), region))) {
      out.push({ kind: "exec-arbitrary", call, what: `evaluates code the model writes (${arg.api})` });
      return;
    }
  }
}

function dbEffect(call: ts.CallExpression | ts.NewExpression, context: RuleContext, out: Effect[]): void {
  const api = context.api(call.expression);
  if (!api || !DB_MODULES.test(api.module)) return;
  const member = api.path.filter((p) => p !== "#").pop() ?? "";
  if (DB_DESTROY_METHODS.has(member)) {
    // destroy() closes a driver's connection or pool, knex or a TypeORM DataSource; only Sequelize models delete rows with it.
    if (member === "destroy" && !api.module.startsWith("sequelize")) return;
    out.push({ kind: "db-destroy", call, what: `deletes database records (${member})` });
    return;
  }
  if (DB_WRITE_METHODS.has(member)) {
    if (!bookkeepingTable(call.expression, context)) out.push({ kind: "db-write", call, what: `writes to the database (${member})` });
    return;
  }
  for (const arg of call.arguments ?? []) {
    const sql = context.constantText(arg);
    if (!sql) continue;
    if (SQL_DESTROY.test(sql)) out.push({ kind: "db-destroy", call, what: `runs \`${sql.trim().slice(0, 40)}\`` });
    else if (SQL_SETUP.test(sql) || EPHEMERAL_PATH.test(writtenTable(sql))) continue;
    else if (SQL_WRITE.test(sql)) out.push({ kind: "db-write", call, what: `runs \`${sql.trim().slice(0, 40)}\`` });
    else continue;
    return;
  }
}

function writtenTable(sql: string): string {
  const m = SQL_WRITE_TABLE.exec(sql);
  return m?.[1] ?? m?.[2] ?? "";
}

/** supabase.from("tool_analytics").insert(row): a table named for logs, metrics or a cache is the server's own bookkeeping. */
function bookkeepingTable(callee: ts.Expression, context: RuleContext): boolean {
  for (let e = skipOuter(callee); ts.isPropertyAccessExpression(e) || ts.isCallExpression(e); e = skipOuter(e.expression)) {
    if (!ts.isCallExpression(e)) continue;
    const table = e.arguments[0] && context.constantText(e.arguments[0]);
    if (table !== undefined && /^(from|table|collection|into|model)$/.test(calledName(e))) return EPHEMERAL_PATH.test(table);
  }
  return false;
}

function calledName(call: ts.CallExpression): string {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
}

/** A request URL whose fixed text names a session resource: `${base}/session/${id}`. */
function endsSession(url: ts.Expression, context: RuleContext): boolean {
  let e = skipOuter(url);
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  const parts = stringParts(e);
  return !!parts && parts.some((p) => p.kind === "text" && /\/sessions?\/?$/i.test(p.text));
}

function httpEffect(reached: ReachedCall, context: RuleContext, out: Effect[]): void {
  const call = reached.call as ts.CallExpression | ts.NewExpression;
  const targets = requestTargets(call, context);
  if (!targets.length) return;
  const api = context.api(call.expression);
  const member = (api?.path.filter((p) => p !== "#").pop() ?? "").toLowerCase();
  const method = member === "delete" || member === "del" ? "DELETE" : HTTP_WRITE_VERBS.has(member) ? member.toUpperCase() : requestMethod(call, reached, context);
  // DELETE …/session/{id} ends a WebDriver or browser session the tool opened: cleanup, not a change to anyone's data.
  if (method === "DELETE" && !targets.every((t) => endsSession(t.expr, context))) out.push({ kind: "http-delete", call, what: `sends HTTP DELETE requests (${targets[0]?.api})` });
  else if (method === "PUT" || method === "PATCH") out.push({ kind: "http-write", call, what: `sends HTTP ${method} requests (${targets[0]?.api})` });
  else if (method === "model") out.push({ kind: "http-write", call, what: `sends requests with a method the model chooses (${targets[0]?.api})` });
  const openHost = targets.some((t) => sinkTaint(t, context).some((h) => ssrfExposure(h) !== "safe"));
  out.push({ kind: "network", call, what: openHost ? `sends requests to hosts the model chooses (${targets[0]?.api})` : `sends requests (${targets[0]?.api})`, openHost });
}

/** The `method` option of fetch/axios/http.request: a constant, a caller's constant, or "model" when tool arguments choose it. */
function requestMethod(call: ts.CallExpression | ts.NewExpression, reached: ReachedCall, context: RuleContext): string | undefined {
  for (const arg of call.arguments ?? []) {
    const value = context.objectProps(arg)?.value("method");
    if (!value) continue;
    // Only a value read from a `method`-like argument field: a whole tainted options object says nothing about its method.
    if (context.taint(value).some((h) => !hasMark(h.taint, "const") && /method|verb/i.test(h.taint.path.join(".")))) return "model";
    const constant = context.constantText(value);
    const methods = (constant !== undefined ? [constant] : paramConstants(value, reached, context)).map((m) => m.toUpperCase());
    return methods.find((m) => m === "DELETE") ?? methods.find((m) => m === "PUT" || m === "PATCH") ?? methods[0];
  }
  return undefined;
}

function transferEffect(call: ts.CallExpression | ts.NewExpression, context: RuleContext, out: Effect[]): void {
  const api = context.api(call.expression);
  const callee = skipOuter(call.expression);
  const member = api ? (api.path.filter((p) => p !== "#").pop() ?? "") : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
  if (api && api.module === "stripe" && (member === "create" || member === "confirm") && api.path.some((p) => PAYMENT_RESOURCES.has(p))) {
    out.push({ kind: "transfer", call, what: `moves money (stripe ${api.path.filter((p) => p !== "#").join(".")})` });
    return;
  }
  if (!TRANSFER_METHODS.has(member)) return;
  // `transfer` and `withdraw` are common words: require a crypto or exchange library for them.
  const distinctive = /Transaction|Contract|Order|UserOperation/.test(member);
  if (distinctive || (api && CRYPTO_MODULES.test(api.module))) out.push({ kind: "transfer", call, what: `moves funds (${member})` });
}

/** Attacker data that keeps its power (not a number, an allowlisted constant or an anchored-regex match). */
function unsafe(hits: readonly TaintHit[], shell = false): boolean {
  return hits.some((h) => !hasMark(h.taint, "number") && !hasMark(h.taint, "const") && !hasMark(h.taint, "regex") && !(shell && hasMark(h.taint, "shell-quoted")));
}

function mutatingCommand(line: string): boolean {
  return mutatingSegment(line) !== undefined;
}

/** The piece of a command line (between `&&`, `;`, `|`) that changes state. */
export function mutatingSegment(line: string): string | undefined {
  for (const segment of line.split(/&&|\|\||;|\|/)) {
    const words = segment.trim().split(/\s+/).filter((w) => !/^(sudo|env|nohup|npx)$/.test(w) && !/^\w+=/.test(w));
    const [program, ...rest] = words;
    if (!program) continue;
    const name = (program.split(/[\\/]/).pop() ?? program).replace(/\.exe$/i, "").toLowerCase();
    if (MUTATING_PROGRAMS.has(name) || (name === "sed" && rest.includes("-i"))) return segment.trim();
    if (name === "aws" && rest.filter((w) => !w.startsWith("-")).slice(1, 2).some((w) => AWS_MUTATING.test(w) || w === "*")) return segment.trim();
    const subcommands = MUTATING_SUBCOMMANDS[name];
    if (!subcommands) continue;
    // A subcommand the model picks can be any of them.
    if (rest[0] === "*") return segment.trim();
    // The subcommand is one of the first two words that are not options (`kubectl -n ns delete`).
    const candidates = rest.map((w, i) => [w, i] as const).filter(([w]) => !w.startsWith("-") || w.startsWith("/")).slice(0, 2);
    for (const [word, i] of candidates) {
      const actions = subcommands[word.toLowerCase()];
      if (actions === undefined) continue;
      if (actions === true) return segment.trim();
      // `git stash list` reads, `git stash pop` writes; `git branch` lists, `git branch -D x` deletes, `git branch x` creates.
      const after = rest.slice(i + 1);
      const listing = after.some((w) => /^(--list|-l|-a|--all|-r|--remotes|-v|-vv|--contains|--merged|--no-merged|--show-current|list|show)$/.test(w));
      // An action the model picks (`kubectl rollout ${action}`) can be a changing one.
      if (after[0] === "*" || after.some((w) => actions.has(w)) || (actions.has("*") && !listing && after.some((w) => !w.startsWith("-")))) return segment.trim();
    }
  }
  return undefined;
}

/** `let cmd = "kubectl describe "; cmd += type;`: the text the variable starts with (the engine misses "prefixed" through `+=`). */
function fixedStart(expr: ts.Expression, context: RuleContext): string | undefined {
  const e = skipOuter(expr);
  if (!ts.isIdentifier(e)) return undefined;
  const ref = context.resolve(e);
  return ref.kind === "literal" && /^\s*[\w./-]+\s/.test(ref.value) ? ref.value.trim() : undefined;
}

/** The command lines an expression can hold: its constant text, or the constants callers pass for it. */
function constantWords(expr: ts.Expression, reached: ReachedCall, context: RuleContext): string[] {
  const e = skipOuter(expr);
  const whole = context.constantText(e);
  if (whole !== undefined) return [whole];
  const passed = paramConstants(e, reached, context);
  if (passed.length) return passed;
  // "*" marks a piece the model chooses, "?" one it does not.
  if (ts.isTemplateExpression(e)) return [[e.head.text, ...e.templateSpans.map((s) => `${unsafe(context.taint(s.expression)) ? "*" : "?"}${s.literal.text}`)].join("")];
  return [];
}

/** The argument lists a launch can get: its own array literal, or the arrays callers of the wrapper pass. */
function argumentWords(args: ts.Expression, reached: ReachedCall, context: RuleContext): string[][] {
  let lists: ts.Expression[] = [skipOuter(args)];
  const first = lists[0] as ts.Expression;
  if (ts.isIdentifier(first)) {
    const ref = context.resolve(first);
    // A wrapper's parameter: the arrays its callers passed.
    lists = ref.kind === "array" ? [ref.node] : paramArguments(first, reached).map((a) => {
      const passed = skipOuter(a);
      const value = ts.isIdentifier(passed) ? context.resolve(passed) : undefined;
      return value?.kind === "array" ? value.node : passed;
    });
  }
  return lists.filter(ts.isArrayLiteralExpression).map((list) =>
    list.elements.map((el) => {
      const value = ts.isSpreadElement(el) ? el.expression : el;
      return context.constantText(value) ?? (unsafe(context.taint(value)) ? "*" : "?");
    }),
  );
}

/** A parameter of the wrapper the handler called, read at each call: `git(["push"])`, `api("DELETE", path)`. */
function paramConstants(expr: ts.Expression, reached: ReachedCall, context: RuleContext): string[] {
  return paramArguments(skipOuter(expr), reached).flatMap((a) => context.constantText(a) ?? []);
}

function paramArguments(expr: ts.Expression, reached: ReachedCall): ts.Expression[] {
  if (!ts.isIdentifier(expr) || !reached.fn) return [];
  const index = reached.fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === expr.text);
  if (index < 0) return [];
  return reached.from.flatMap((call) => (ts.isCallExpression(call) && call.arguments[index] ? [call.arguments[index] as ts.Expression] : []));
}

/** The text a path is built from, through constants and the project function that made it: `path.join(os.tmpdir(), name)`. */
function pathText(expr: ts.Expression, context: RuleContext, depth: number): string {
  const e = skipOuter(expr);
  const c = context.constantText(e);
  if (c !== undefined) return c;
  if (depth < 2 && ts.isIdentifier(e)) {
    const init = context.initializer(e);
    if (init) return pathText(init, context, depth + 1);
  }
  // Logger.target, this.logFile: a class field set where it is declared.
  if (depth < 2 && ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
    const field = context.declaration(e.name);
    if (field && ts.isPropertyDeclaration(field) && field.initializer) return pathText(field.initializer, context, depth + 1);
  }
  // `${logsDir}/${name}`: the folder a template puts the file in, with its pieces resolved.
  if (depth < 2 && ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((span) => pathText(span.expression, context, depth + 1) + span.literal.text).join("");
  const init = skipOuter(e);
  if (depth < 2 && ts.isCallExpression(init) && !context.api(init.expression)) {
    const bodies = context.calleeFunctions(init).map((f) => f.getText().slice(0, 4000));
    return [e.getText(), ...bodies].join(" ");
  }
  return e.getText();
}

/** cleanupTempFile(path) { unlink(path) }: every call into the helper passes a scratch path (a temp file, a cache). */
function scratchFromEveryCaller(pathExpr: ts.Expression, reached: ReachedCall, context: RuleContext): boolean {
  const e = skipOuter(pathExpr);
  const param = ts.isIdentifier(e) ? context.declaration(e) : undefined;
  if (!param || !ts.isParameter(param) || !reached.fn || param.parent !== reached.fn || !reached.from.length) return false;
  const index = reached.fn.parameters.indexOf(param);
  return reached.from.every((call) => {
    const arg = call.arguments?.[index];
    if (!arg || !ts.isCallExpression(call)) return false;
    return namesAtMostAFile(context.taint(arg)) && (EPHEMERAL_PATH.test(pathText(arg, context, 0)) || createdHere(arg, call, context));
  });
}

/** No attacker value in the path, or only a base name: it cannot leave the folder the code puts it in. */
function namesAtMostAFile(hits: readonly TaintHit[]): boolean {
  return hits.every((h) => hasMark(h.taint, "basename"));
}

/** `writeFileSync(tmp, ...)` ... `unlinkSync(tmp)`: the tool removes a file it made itself. */
function createdHere(pathExpr: ts.Expression, call: ts.CallExpression, context: RuleContext): boolean {
  const e = skipOuter(pathExpr);
  if (!ts.isIdentifier(e)) return false;
  // The function holding the delete and up to two enclosing ones (error callbacks sit inside the function that wrote).
  let scope: ts.Node | undefined;
  let levels = 0;
  for (let n: ts.Node | undefined = call.parent; n && levels < 3; n = n.parent) {
    if (ts.isFunctionLike(n)) {
      scope = n;
      levels++;
    }
  }
  if (!scope) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || n === call) return;
    if (ts.isCallExpression(n)) {
      if (fsPathArguments(n, context).some((a) => a.access === "write" && skipOuter(a.expr).getText() === e.text)) found = true;
      else if (!context.api(n.expression) && passesToWriter(n, e.text, context)) found = true;
    }
    // const tmp = writeTempFile(...): a project helper that writes and returns the path.
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === e.text && n.initializer && ts.isCallExpression(skipOuter(n.initializer))) {
      const init = skipOuter(n.initializer) as ts.CallExpression;
      if (!context.api(init.expression) && context.calleeFunctions(init).some((f) => writesFiles(f, context))) found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return found;
}

/** zipFiles(out) or zipFiles({ zipPath: out }): a project helper that writes to the path handed to it, alone or in an options object. */
function passesToWriter(call: ts.CallExpression, name: string, context: RuleContext): boolean {
  for (const [index, arg] of context.passedArguments(call).entries()) {
    const a = skipOuter(arg);
    // "" when the path is the argument itself, else the options field holding it.
    const key = ts.isIdentifier(a) ? (a.text === name ? "" : undefined) : ts.isObjectLiteralExpression(a) ? a.properties.find((p) => holds(p, name))?.name?.getText() : undefined;
    if (key === undefined) continue;
    for (const fn of context.calleeFunctions(call)) {
      const param = fn.parameters[index];
      if (!param) continue;
      // The parameter itself, or the field of a destructured options parameter.
      const target = key === "" ? param.name : ts.isObjectBindingPattern(param.name) ? param.name.elements.find((el) => (el.propertyName ?? el.name).getText() === key)?.name : undefined;
      if (target && ts.isIdentifier(target) && writesFiles(fn, context, target.text)) return true;
    }
  }
  return false;
}

/** `{ zipPath }` or `{ zipPath: out }` holding the variable `name`. */
function holds(property: ts.ObjectLiteralElementLike, name: string): boolean {
  if (ts.isShorthandPropertyAssignment(property)) return property.name.text === name;
  if (!ts.isPropertyAssignment(property)) return false;
  const value = skipOuter(property.initializer);
  return ts.isIdentifier(value) && value.text === name;
}

/** Whether the code writes a file: any file, or, given a name, the path that variable holds. */
function writesFiles(fn: ts.Node, context: RuleContext, name?: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && fsPathArguments(n, context).some((a) => a.access === "write" && (name === undefined || skipOuter(a.expr).getText() === name))) found = true;
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return found;
}

/** Calls that make a fresh name (a UUID, random bytes, a timestamp): a path named with one exists only for the call that made it. */
const FRESH_NAME = /^(randomUUID|randomBytes|uuid|uuidv4|v4|v7|nanoid|ulid|cuid|createId|now|random)$/;

/**
 * Whether a path lies in space this tool call made for itself: a mkdtemp() folder, tmpdir() joined with a fresh name, or a
 * path under either, through variables, project helpers that return one, and parameters (or options-object fields) that
 * every call into the helper within this tool fills with one.
 */
function scratchSpace(reached: readonly ReachedCall[], context: RuleContext): (expr: ts.Expression) => boolean {
  const entries = new Map<ts.Node, readonly (ts.CallExpression | ts.NewExpression)[]>();
  for (const r of reached) if (r.fn) entries.set(r.fn, r.from);
  const memo = new Map<ts.Node, boolean>();
  const assigned = new Map<ts.VariableDeclaration, ts.Expression[]>();
  const isScratch = (expr: ts.Expression, depth: number): boolean => {
    const e = skipOuterAndAwait(expr);
    const known = memo.get(e);
    if (known !== undefined) return known;
    if (depth > 10) return false;
    // A cycle (a recursive helper, `dir = path.join(dir, x)`) proves nothing.
    memo.set(e, false);
    const result = scratchValue(e, depth + 1);
    memo.set(e, result);
    return result;
  };
  const scratchValue = (e: ts.Expression, depth: number): boolean => {
    if (ts.isCallExpression(e)) {
      const api = context.api(e.expression);
      if (!api) {
        const fns = context.calleeFunctions(e);
        return fns.length > 0 && fns.every((f) => returnedExpressions(f).length > 0 && returnedExpressions(f).every((r) => isScratch(r, depth)));
      }
      const member = api.path[api.path.length - 1] ?? "";
      if (FS_MODULES.has(api.module) && /^mkdtemp(Sync)?$/.test(member)) return true;
      if (api.module !== "path" || (member !== "join" && member !== "resolve")) return false;
      const [base, ...rest] = e.arguments;
      if (!base || rest.some((a) => ts.isSpreadElement(a) || leavesFolder(a, member === "resolve", context))) return false;
      return isScratch(base, depth) || (tempRoot(base, context) && rest.some((a) => freshName(a, context, 0)));
    }
    // `${dir}/out.zip`, `${os.tmpdir()}/job-${randomUUID()}`
    if (ts.isTemplateExpression(e) && e.head.text === "" && e.templateSpans.length) {
      const [first, ...rest] = e.templateSpans;
      if (!first || e.templateSpans.some((s) => /(^|[\\/])\.\.([\\/]|$)/.test(s.literal.text))) return false;
      return isScratch(first.expression, depth) || (tempRoot(first.expression, context) && rest.some((s) => freshName(s.expression, context, 0)));
    }
    if (!ts.isIdentifier(e)) return false;
    const decl = context.declaration(e);
    if (decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) {
      let values = assigned.get(decl);
      if (!values) assigned.set(decl, (values = assignedValues(decl, context)));
      // `let dir = ""; ... dir = await mkdtemp(...)`: the empty start names no file.
      const real = values.filter((v) => context.constantText(v) !== "");
      return real.length > 0 && real.every((v) => isScratch(v, depth));
    }
    const param = decl && ts.isParameter(decl) ? decl : decl && ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && ts.isParameter(decl.parent.parent) ? decl.parent.parent : undefined;
    const fn = param?.parent as FunctionLike | undefined;
    const calls = fn && entries.get(fn);
    if (!param || !fn || !calls?.length) return false;
    const index = fn.parameters.indexOf(param);
    // zipFiles({ zipPath }): the field the destructured parameter reads.
    const field = decl && ts.isBindingElement(decl) ? (decl.propertyName ?? decl.name) : undefined;
    const key = field && (ts.isIdentifier(field) || ts.isStringLiteral(field)) ? field.text : undefined;
    if (field && !key) return false;
    return calls.every((call) => {
      const arg = context.passedArguments(call)[index];
      const value = key ? context.objectProps(arg)?.value(key) : arg;
      return value !== undefined && isScratch(value, depth);
    });
  };
  return (expr) => isScratch(expr, 0);
}

/** A path piece that climbs out of the folder before it: `..`, or an absolute path that path.resolve starts over from. */
function leavesFolder(piece: ts.Expression, resolve: boolean, context: RuleContext): boolean {
  const text = context.constantText(piece);
  if (text === undefined) return false;
  return /(^|[\\/])\.\.([\\/]|$)/.test(text) || (resolve && /^([\\/]|[a-zA-Z]:)/.test(text));
}

/** os.tmpdir(), directly or through a const. */
function tempRoot(expr: ts.Expression, context: RuleContext): boolean {
  const e = skipOuterAndAwait(expr);
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    return init !== undefined && tempRoot(init, context);
  }
  if (!ts.isCallExpression(e)) return false;
  const api = context.api(e.expression);
  return api?.module === "os" && api.path[api.path.length - 1] === "tmpdir";
}

/** An expression holding a fresh name (`job-${randomUUID()}`), directly or through a const. */
function freshName(expr: ts.Expression, context: RuleContext, depth: number): boolean {
  const e = skipOuterAndAwait(expr);
  if (ts.isIdentifier(e)) {
    const init = depth < 3 ? context.initializer(e) : undefined;
    return init !== undefined && freshName(init, context, depth + 1);
  }
  if (ts.isCallExpression(e)) {
    const callee = skipOuter(e.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
    if (FRESH_NAME.test(name)) return true;
  }
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || isFunctionLike(n)) return;
    if (ts.isExpression(n)) found = freshName(n, context, depth);
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(e, visit);
  return found;
}

/**
 * git run in a repository the tool call made for itself (`git -C <dir>`, `cwd: dir`, `git clone url <dir>`): it changes
 * only that scratch copy; a push (or a subcommand the model picks) still reaches beyond it.
 */
function inScratchRepository(launch: ProcessLaunch, reached: ReachedCall, region: ts.Node, context: RuleContext, scratch: (expr: ts.Expression) => boolean): boolean {
  if (!launch.program || !launch.args || !ts.isCallExpression(launch.call)) return false;
  const programs = [context.constantText(launch.program)].concat(context.constantText(launch.program) === undefined ? paramConstants(launch.program, reached, context) : []);
  if (!programs.length || !programs.every((p) => p !== undefined && /^git(\.exe)?$/i.test(p.split(/[\\/]/).pop() ?? ""))) return false;
  const lists = argumentWords(launch.args, reached, context);
  const subcommand = (words: string[]): string | undefined => words.filter((w, i) => words[i - 1] !== "-C" && words[i - 1] !== "-c").find((w) => !w.startsWith("-"));
  if (!lists.length || lists.some((words) => ["push", "*", undefined].includes(subcommand(words)))) return false;
  const inScratch = (dir: ts.Expression | undefined): boolean => dir !== undefined && namesAtMostAFile(ownHits(context.taint(dir), region)) && scratch(dir);
  const options = launch.call.arguments.slice(1).map((a) => context.objectProps(a)?.value("cwd")).find(Boolean);
  if (inScratch(options)) return true;
  const list = skipOuter(launch.args);
  if (!ts.isArrayLiteralExpression(list)) return false;
  const elements = list.elements.filter((el): el is ts.Expression => !ts.isSpreadElement(el));
  const at = elements.findIndex((el) => context.constantText(el) === "-C");
  if (at >= 0) return inScratch(elements[at + 1]);
  return lists.every((words) => subcommand(words) === "clone") && inScratch(elements[elements.length - 1]);
}

/** Removing a scratch file in `finally` or `catch` cleans up after the tool; it destroys nothing the user owns. */
function inCleanup(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isCatchClause(n)) return true;
    if (ts.isTryStatement(n.parent) && n.parent.finallyBlock === n) return true;
    if (ts.isFunctionLike(n)) {
      // stream.on("error", () => unlink(tmp)), promise.catch(() => ...)
      const call = n.parent;
      if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
      const method = call.expression.name.text;
      const event = call.arguments[0] && ts.isStringLiteralLike(call.arguments[0]) ? call.arguments[0].text : "";
      return method === "catch" || method === "finally" || ((method === "on" || method === "once") && /^(error|close|exit|end|finish)$/.test(event));
    }
  }
  return false;
}
