import { calleeName, callsIn, createRule, hasMark, propertyNameText, returnedExpressions, skipOuter, skipOuterAndAwait, stringParts, thisOffset, ts, type FunctionLike, type Mark, type RuleContext, type TaintHit } from "../src/rule-api/index.js";
import { attacker, describeSource, signedInGrade, toolOf } from "../src/rule-api/describe-source.js";
import { enclosingFunction } from "../src/rule-api/enclosing-function.js";
import { passedArguments } from "../src/rule-api/passed-arguments.js";
import { perCaller } from "../src/rule-api/per-caller.js";
import { ProjectIndex } from "../src/rule-api/project-index.js";
import { valueOrigins, type OriginPolicy } from "../src/rule-api/value-origins.js";
import { createsDirectory, fsPathArguments, type FsSinkArgument } from "../src/rule-api/sinks/fs-sinks.js";
import { processLaunch } from "../src/rule-api/sinks/shell-sinks.js";
import { variableUses } from "../src/rule-api/variable-uses.js";

export default createRule({
  id: "no-path-traversal",
  meta: {
    description: "Confine file paths from tool arguments to an allowed root, checked with a separator after symlinks are resolved",
    severity: "high",
    confidence: "high",
    checklist: ["ISO-2", "RES-1", "RES-3", "TOOL-3", "API-1"],
    cwe: ["CWE-22", "CWE-59"],
    messages: {
      unchecked: "{{source}} reaches {{api}} ({{access}}) with no containment check: {{who}} can {{verb}} any file the server can, such as ~/.ssh or .env files.",
      uncheckedNamed: "{{source}} reaches {{api}} ({{access}}) with no containment check: {{who}} can {{verb}} a file named `{{name}}` in any folder the server can reach.",
      uncheckedCodeNamed: "{{source}} reaches {{api}} ({{access}}) with no containment check: {{who}} can choose the folder in which the server will {{verb}} a file it names itself, anywhere the server can reach.",
      uncheckedFolder: "{{source}} reaches {{api}} with no containment check: {{who}} can create folders anywhere the server can write. Resolve the path under the allowed root before creating it.",
      emptyAllowlist: "This containment check lets every path through until it is configured (`{{allowAll}}`), and nothing in the code configures it by default: until then, {{source}} passes it on its way to {{api}} and {{who}} can {{verb}} any file the server can. Deny every path while no root is configured, or ship a default root.",
      prefixCheck: "This containment check is a bare prefix test: `{{check}}` also accepts sibling folders such as \"/allowed-evil\" when the root is \"/allowed\". {{source}} passes it on its way to {{api}}.",
      symlinkEscape: "This containment check runs on a path whose symlinks were not resolved, and this server can put a symlink inside the root (it makes links, unpacks archives, clones repositories or runs commands the model writes): one can point anywhere. {{source}} passes it on its way to {{api}}.",
      rawCheck: "This containment check runs on the path as it was given, before anything resolves its \"..\" segments: `{{check}}` accepts \"<root>/../../etc/passwd\", which {{api}} then opens outside the root. {{source}} passes it. Resolve the path first (path.resolve(root, p)) and check what was resolved.",
    },
    docs: {
      rationale:
        "File tools take paths from the model, and the model follows instructions injected into anything it reads. Without a containment check, `../../.ssh/id_rsa` or an absolute path reads or overwrites any file. A `startsWith(root)` test without a trailing separator accepts `/root-evil` (CVE-2025-53110), and a check on the unresolved path is bypassed by a symlink inside the root (CVE-2025-53109).",
      remediation:
        "Resolve the path and its symlinks, then compare with the root plus a separator: `const real = await fs.realpath(path.resolve(root, p)); if (real !== root && !real.startsWith(root + path.sep)) throw ...`. For new files, check the real path of the parent folder. Or reduce the value to a file name with `path.basename`.",
      examples: {
        bad: [
          'import fs from "node:fs/promises";',
          'import path from "node:path";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const root = path.resolve(process.argv[2] ?? ".");',
          'const server = new McpServer({ name: "files", version: "1.0.0" });',
          'server.tool("read_file", { file: z.string() }, async ({ file }) => {',
          "  const full = path.resolve(root, file);",
          "  if (!full.startsWith(root)) throw new Error(\"outside the root\");",
          '  return { content: [{ type: "text", text: await fs.readFile(full, "utf8") }] };',
          "});",
        ].join("\n"),
        good: [
          'import fs from "node:fs/promises";',
          'import path from "node:path";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const root = await fs.realpath(path.resolve(process.argv[2] ?? "."));',
          'const server = new McpServer({ name: "files", version: "1.0.0" });',
          'server.tool("read_file", { file: z.string() }, async ({ file }) => {',
          "  const full = await fs.realpath(path.resolve(root, file));",
          "  if (full !== root && !full.startsWith(root + path.sep)) throw new Error(\"outside the root\");",
          '  return { content: [{ type: "text", text: await fs.readFile(full, "utf8") }] };',
          "});",
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/22.html", "https://cwe.mitre.org/data/definitions/59.html", "https://github.com/advisories/GHSA-hc55-p739-j48w", "https://github.com/advisories/GHSA-q66q-fx2p-7w4m"],
  },
  create(context) {
    const reportedChecks = new Set<ts.Node>();
    const index = new ProjectIndex(context);
    return {
      CallExpression(call) {
        for (const sink of fsPathArguments(call, context)) {
          // join(dirname(out), `.${basename(out)}.${randomUUID()}.tmp`): a file the server names itself, no one else's.
          if (freshName(sink.expr, context, 0)) continue;
          if (sink.access === "delete" && cleansUpWrite(call, sink.expr, context)) continue;
          if (sink.access === "read" && onlyKeyMaterial(call, context)) continue;
          // Every value reaching the sink is judged and the least confined one reported: a checked `dir` must not hide an unchecked `name`.
          const verdicts = context.taint(sink.expr).flatMap((hit) => judge(hit, sink, context) ?? []);
          const worst = verdicts.reduce<Verdict | undefined>((w, v) => (!w || RANK[v.messageId] > RANK[w.messageId] ? v : w), undefined);
          if (!worst) continue;
          // Unchecked values reported at the sink: each caller of a thin wrapper around it gets its own finding.
          const same = worst.checks.length ? [worst] : [worst, ...verdicts.filter((v) => v.messageId === worst.messageId && !v.checks.length)];
          const hits = new Set(perCaller(same.map((v) => v.hit)));
          for (const verdict of same) if (hits.delete(verdict.hit)) report(verdict, sink, context, index, reportedChecks);
        }
      },
    };
  },
});

/** Options that take a key or certificate to authenticate with (ssh2, tls, https): the library signs with it and never sends it. */
const KEY_OPTIONS = new Set(["privateKey", "key", "cert", "ca", "pfx"]);
/** Modules whose calls print or serialise what they are given (JSON, console, util.inspect). */
const SHOWS_VALUE = new Set(["global", "util", "node:util"]);

/**
 * `connect({ host, username, privateKey: fs.readFileSync(keyPath) })`: a file read only to authenticate a connection
 * shows its content to no one, whatever file the model names; a file that is not a key just fails to parse.
 */
function onlyKeyMaterial(read: ts.CallExpression, context: RuleContext): boolean {
  let value: ts.Node = read;
  while (ts.isAwaitExpression(value.parent) || ts.isParenthesizedExpression(value.parent) || ts.isAsExpression(value.parent)) value = value.parent;
  const parent = value.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === value && ts.isIdentifier(parent.name) && ts.getCombinedNodeFlags(parent) & ts.NodeFlags.Const) {
    const uses = variableUses(parent, context);
    return uses.length > 0 && uses.every((use) => keyOption(use, context));
  }
  return keyOption(value, context);
}

/** A value given as a key option of a call's options (`{ privateKey }`) or set on an options object (`config.privateKey = …`). */
function keyOption(value: ts.Node, context: RuleContext): boolean {
  const parent = value.parent;
  if (ts.isShorthandPropertyAssignment(parent) || (ts.isPropertyAssignment(parent) && parent.initializer === value)) {
    const options = parent.parent;
    if (!KEY_OPTIONS.has(propertyNameText(parent.name) ?? "")) return false;
    const call = options.parent;
    // JSON.stringify({ key }) or console.log({ key }) shows the content: the options must go to a connection.
    if ((ts.isCallExpression(call) || ts.isNewExpression(call)) && call.arguments?.includes(options)) return !SHOWS_VALUE.has(context.api(call.expression)?.module ?? "");
    // `return { privateKey, passphrase }` from a key loader: an object of nothing but what a connection authenticates with.
    return ts.isReturnStatement(options.parent) && authFieldsOnly(options);
  }
  return ts.isBinaryExpression(parent) && parent.right === value && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(parent.left) && KEY_OPTIONS.has(parent.left.name.text) && ts.isExpressionStatement(parent.parent);
}

/** `{ privateKey, ...(passphrase ? { passphrase } : {}) }`: key options and a passphrase, and nothing else. */
function authFieldsOnly(e: ts.Expression): boolean {
  const v = skipOuter(e);
  if (ts.isConditionalExpression(v)) return authFieldsOnly(v.whenTrue) && authFieldsOnly(v.whenFalse);
  if (!ts.isObjectLiteralExpression(v)) return false;
  return v.properties.every((p) => (ts.isSpreadAssignment(p) ? authFieldsOnly(p.expression) : !!p.name && (KEY_OPTIONS.has(propertyNameText(p.name) ?? "") || propertyNameText(p.name) === "passphrase")));
}

/**
 * `ws.on("error", () => fs.unlinkSync(dest))` after `fs.createWriteStream(dest)`: removing the file the same code
 * wrote a moment before deletes nothing the write had not already overwritten, which is reported there.
 */
function cleansUpWrite(call: ts.CallExpression, target: ts.Expression, context: RuleContext): boolean {
  const id = skipOuter(target);
  const decl = ts.isIdentifier(id) ? context.declaration(id) : undefined;
  if (!decl || !(ts.isParameter(decl) || ts.isVariableDeclaration(decl) || ts.isBindingElement(decl))) return false;
  const scope = enclosingFunction(decl);
  if (!scope?.body) return false;
  return callsIn(scope.body).some(
    (c) =>
      ts.isCallExpression(c) &&
      c.end <= call.getStart() &&
      fsPathArguments(c, context).some((w) => {
        const e = skipOuter(w.expr);
        return w.access === "write" && ts.isIdentifier(e) && context.declaration(e) === decl;
      }),
  );
}

const VERBS = { read: "read", write: "overwrite", list: "list", delete: "delete", move: "move away (read and delete)" } as const;

/** Files a shell, ssh, git, a package manager or the OS reads as code, configuration or credentials. */
const EXECUTED_NAME = /^(authorized_keys2?|known_hosts|config|credentials|\.(bash|zsh|fish|k?sh)rc|\.(bash_)?profile|\.bash_(login|logout)|\.z(profile|shenv|login)|\.(npm|yarn|pypi|net)rc|\.yarnrc\.yml|\.git(config|-credentials)|crontab|sudoers|pre-(commit|push)|post-(checkout|merge)|.*\.(sh|bash|zsh|command|bat|cmd|ps1|plist|service|timer|desktop))$/i;

const RANDOM_NAMES = /^(randomUUID|randomBytes|nanoid|uuid|uuidv4|v4|ulid|cuid|createId)$/;

/** The arguments a call passes for a helper's parameters, each with the arguments its own caller passed. */
interface Bound {
  readonly args: ReadonlyMap<ts.Node, { arg: ts.Expression; bound: Bound }>;
}
const UNBOUND: Bound = { args: new Map() };

/** The argument this call passed for a parameter the expression names. */
function passedFor(expr: ts.Expression, bound: Bound, context: RuleContext): { arg: ts.Expression; bound: Bound } | undefined {
  const decl = bound.args.size && ts.isIdentifier(expr) ? context.declaration(expr) : undefined;
  return decl && bound.args.get(decl);
}

/** The parameters of a helper bound to what one call of it passes. */
function bind(fn: FunctionLike, call: ts.CallExpression, bound: Bound, context: RuleContext): Bound {
  const args = context.passedArguments(call);
  const map = new Map<ts.Node, { arg: ts.Expression; bound: Bound }>();
  for (const [i, param] of fn.parameters.entries()) {
    const arg = args[i - thisOffset(fn)];
    if (arg && !param.dotDotDotToken) map.set(param, { arg, bound });
  }
  return { args: map };
}

/** A path whose last segment holds an unguessable random part the code generates. */
function freshName(expr: ts.Expression, context: RuleContext, depth: number, bound = UNBOUND): boolean {
  if (depth > 8) return false;
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const passed = passedFor(e, bound, context);
    if (passed) return freshName(passed.arg, context, depth + 1, passed.bound);
    const init = context.initializer(e);
    return !!init && freshName(init, context, depth + 1, bound);
  }
  if (ts.isCallExpression(e)) {
    const name = calleeName(e) ?? "";
    if (RANDOM_NAMES.test(name) || isMathRandom(e)) return true;
    // randomBytes(8).toString("hex"), Math.random().toString(36).substring(7), and the last part of join/resolve.
    if (/^(toString|slice|substring|substr)$/.test(name) && ts.isPropertyAccessExpression(e.expression)) return freshName(e.expression.expression, context, depth + 1, bound);
    const last = e.arguments[e.arguments.length - 1];
    if (name === "join" || name === "resolve") return !!last && freshName(last, context, depth + 1, bound);
    // outputFileFor(title, dir, "png"): a project helper that returns such a path, given what this call passes.
    const fns = context.calleeFunctions(e);
    return fns.length > 0 && fns.every((fn) => {
      const returned = returnedExpressions(fn);
      const inner = bind(fn, e, bound, context);
      return returned.length > 0 && returned.every((r) => freshName(r, context, depth + 1, inner));
    });
  }
  if (ts.isTemplateExpression(e)) {
    // `${slug}_${randomUUID()}.${ext}`: after the random part only text without a separator and values no one else picks.
    const spans = e.templateSpans;
    for (let i = spans.length - 1; i >= 0; i--) {
      const span = spans[i]!;
      if (/[\\/]/.test(span.literal.text)) return false;
      if (freshName(span.expression, context, depth + 1, bound)) return true;
      if (carriesInput(span.expression, bound, context)) return false;
    }
    return false;
  }
  // Only when nothing follows the random part: `${randomUUID()}` + suffix still ends where the model says.
  const last = ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken ? e.right : undefined;
  return !!last && freshName(last, context, depth + 1, bound);
}

/** Input reaches the value, through the argument this call passed when it is a helper's parameter. */
function carriesInput(expr: ts.Expression, bound: Bound, context: RuleContext): boolean {
  const passed = passedFor(skipOuter(expr), bound, context);
  return passed ? carriesInput(passed.arg, passed.bound, context) : context.taint(expr).length > 0;
}

/** `Math.random()`: the global one only, never some object's own `random` method. */
function isMathRandom(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "random" && ts.isIdentifier(callee.expression) && callee.expression.text === "Math";
}

/**
 * The file names a path always ends in, when the code chooses them: `join(dir, "a.json")`, `${dir}/lib/a.dart`,
 * `join(dir, name)` over a fixed list, `join(dir, \`logs-${Date.now()}.txt\`)`, and any of those plus ".tmp".
 */
function fixedFileNames(expr: ts.Expression, context: RuleContext, depth: number): string[] | undefined {
  if (depth > 3) return undefined;
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    return init ? fixedFileNames(init, context, depth + 1) : passedFileNames(e, context, depth);
  }
  // paths.configFile, where `paths` is an object the code builds: the name its property holds.
  if (ts.isPropertyAccessExpression(e)) {
    const value = context.objectProps(e.expression)?.value(e.name.text);
    return value && fixedFileNames(value, context, depth + 1);
  }
  if (ts.isCallExpression(e) && /^(join|resolve)$/.test(calleeName(e) ?? "") && e.arguments.length > 1) {
    const last = e.arguments[e.arguments.length - 1];
    return last && !ts.isSpreadElement(last) ? leafNames(last, context) : undefined;
  }
  if (ts.isTemplateExpression(e)) {
    const last = e.templateSpans[e.templateSpans.length - 1]!;
    // `${projectPath}/.notes/${doc}`, doc looping over a constant list: the file is one of the list's names.
    const before = e.templateSpans.length > 1 ? e.templateSpans[e.templateSpans.length - 2]!.literal.text : e.head.text;
    const leaf = last.literal.text === "" && before.endsWith("/") ? leafNames(last.expression, context) : undefined;
    return leaf ?? names(templateName(e, context, true)) ?? suffixed(last.expression, last.literal.text, context, depth);
  }
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.PlusToken) return undefined;
  const tail = context.constantText(e.right);
  if (tail === undefined) return undefined;
  const slash = tail.lastIndexOf("/");
  return slash >= 0 ? names(validName(tail.slice(slash + 1))) : suffixed(e.left, tail, context, depth);
}

/**
 * `join(root, profile.configPath)`: the last part of the path is a value no input reaches, though not a constant
 * text, and not a name read back from the folder (a listing names whatever is there).
 */
function codeNamed(expr: ts.Expression, context: RuleContext, index: ProjectIndex, depth: number): boolean {
  if (depth > 3) return false;
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    if (init) return codeNamed(init, context, index, depth + 1);
    const passed = callerArguments(e, context);
    return !!passed?.length && passed.every((arg) => codeNamed(arg, context, index, depth + 1));
  }
  if (!ts.isCallExpression(e) || !/^(join|resolve)$/.test(calleeName(e) ?? "") || e.arguments.length < 2) return false;
  const last = e.arguments[e.arguments.length - 1]!;
  return !ts.isSpreadElement(last) && context.taint(last).length === 0 && !valueOrigins(last, context, index, readBack(context)).length;
}

/** Path and language built-ins hand on the name they are given; any other library returns what it read. */
const NAME_KEEPING_MODULES = new Set(["path", "node:path", "global"]);

/** A value a library call returned: a folder listing, a file's contents, a response, none of them named by the code. */
function readBack(context: RuleContext): OriginPolicy<true> {
  return {
    source(expr) {
      const e = skipOuterAndAwait(expr);
      const api = ts.isCallExpression(e) ? context.api(e.expression) : undefined;
      return api && !NAME_KEEPING_MODULES.has(api.module) ? true : undefined;
    },
    call: (_call, _input, api) => (api && NAME_KEEPING_MODULES.has(api.module) ? "follow" : undefined),
  };
}

/** A parameter every caller passes a path of a fixed name: `migrate(join(dir, "old.json"))`, `migrate(paths.legacy)`. */
function passedFileNames(id: ts.Identifier, context: RuleContext, depth: number): string[] | undefined {
  const names = callerArguments(id, context)?.map((arg) => fixedFileNames(arg, context, depth + 1));
  return names?.every((n) => n !== undefined) ? [...new Set(names.flat())] : undefined;
}

/** What every caller passes for the parameter a name is, when all its callers are known. */
function callerArguments(id: ts.Identifier, context: RuleContext): ts.Expression[] | undefined {
  const param = context.declaration(id);
  return param && ts.isParameter(param) && ts.isIdentifier(param.name) ? passedArguments(param, context)?.map((p) => p.arg) : undefined;
}

/** `${file}.tmp`: a suffix keeps the names a fixed path had; on "{dir}" it leaves the name to the model. */
function suffixed(base: ts.Expression, suffix: string, context: RuleContext, depth: number): string[] | undefined {
  const fixed = /[\\/]/.test(suffix) ? undefined : fixedFileNames(base, context, depth + 1);
  return fixed && names(...fixed.map((b) => validName(`${b}${suffix}`)));
}

/** The last part of a join when the code fixes it: a constant, one of a fixed list, or a template of values no one else picks. */
function leafNames(last: ts.Expression, context: RuleContext, depth = 0): string[] | undefined {
  const text = context.constantText(last);
  if (text !== undefined) return names(validName(text.slice(text.lastIndexOf("/") + 1)));
  const e = skipOuter(last);
  // `for (const name of ENV_FILES)`: the loop variable over a constant list is one of its texts.
  const texts = context.literalTexts(last) ?? (context.taint(last).length || !ts.isIdentifier(e) ? undefined : context.loopTexts(e));
  if (texts?.length) return names(...texts.map(validName));
  if (ts.isTemplateExpression(e)) return names(templateName(e, context, false));
  const init = ts.isIdentifier(e) && depth < 3 ? context.initializer(e) : undefined;
  return init && leafNames(init, context, depth + 1);
}

/** All the names, or none when one of them is not a fixed name. */
function names(...all: (string | undefined)[]): string[] | undefined {
  return all.length && all.every((n): n is string => n !== undefined) ? all : undefined;
}

/**
 * What follows a template's last "/", its values written "…" when none of them carries input: undefined when input
 * is in that part, or when there is no "/" and one is needed (the template is a whole path, not one part of a join).
 */
function templateName(t: ts.TemplateExpression, context: RuleContext, needsSeparator: boolean): string | undefined {
  const pieces: (string | ts.Expression)[] = [t.head.text, ...t.templateSpans.flatMap((span) => [span.expression, span.literal.text])];
  let name = "";
  for (let i = pieces.length - 1; i >= 0; i--) {
    const piece = pieces[i]!;
    if (typeof piece !== "string") {
      // `${id}.${format}` with format an enum, `${basename(dir)}-bundle.json`: input that cannot step out of the name,
      // and a free name only where fixed text beyond an extension follows it (`${basename(f)}.json` is any .json file).
      const hits = context.taint(piece);
      if (!hits.every((h) => oneOf(h) || (hasMark(h.taint, "basename") && !/^(\.\w+)*$/.test(name)))) return undefined;
      if (!name.startsWith("…")) name = `…${name}`;
      continue;
    }
    const slash = piece.lastIndexOf("/");
    if (slash >= 0) return validName(piece.slice(slash + 1) + name);
    name = piece + name;
  }
  return needsSeparator ? undefined : validName(name);
}

/** Input that can only be a number or one of fixed texts. */
function oneOf(hit: TaintHit): boolean {
  return hasMark(hit.taint, "number") || hasMark(hit.taint, "const");
}

/** A name the code fixes: not empty, no folder step or glob, and some fixed text beside its values. */
function validName(name: string): string | undefined {
  return name && name !== "." && name !== ".." && !/[\\/*?]/.test(name) && /[^…]/.test(name) ? name : undefined;
}

type MessageId = "unchecked" | "uncheckedNamed" | "uncheckedCodeNamed" | "uncheckedFolder" | "rawCheck" | "prefixCheck" | "emptyAllowlist" | "symlinkEscape";

/** How far a value is from confined, least first: what is reported when several values reach one sink. */
const RANK: Record<MessageId, number> = { symlinkEscape: 1, emptyAllowlist: 2, prefixCheck: 3, rawCheck: 4, uncheckedFolder: 4, uncheckedNamed: 5, uncheckedCodeNamed: 5, unchecked: 5 };

interface Verdict {
  hit: TaintHit;
  messageId: MessageId;
  /** The checks the finding is reported at; none for an unchecked path. */
  checks: Mark[];
}

/** What is wrong with one value reaching a sink, if anything. */
function judge(hit: TaintHit, sink: FsSinkArgument, context: RuleContext): Verdict | undefined {
  const t = hit.taint;
  // A pattern that passes "/" (`^[\w./-]+$`) checks the characters, not where the path leads.
  const fileName = t.marks.some((m) => m.kind === "regex" && m.detail !== "path");
  if (hasMark(t, "number") || hasMark(t, "const") || fileName || hasMark(t, "basename")) return undefined;
  // path.join(publicDir, url.pathname), path.join(root, pkg) with pkg a piece of a "." split: no ".." to climb out with.
  if ((hasMark(t, "dot-segments-removed") || hasMark(t, "no-dot")) && isRootedJoin(sink.expr, hit, context, 0)) return undefined;
  const checks = t.marks.filter((m) => m.kind === "path-check");
  const contained = checks.filter((m) => m.detail === "contained-real");
  if (contained.some((m) => !m.whenConfigured)) return undefined;
  const configured = contained[0];
  if (configured?.whenConfigured) return { hit, messageId: "emptyAllowlist", checks: [configured] };
  const raw = checks.filter((m) => m.detail === "raw");
  if (raw.length && raw.length === checks.length) return { hit, messageId: "rawCheck", checks: raw };
  const weak = checks.filter((m) => m.detail?.startsWith("prefix"));
  if (weak.length) return { hit, messageId: "prefixCheck", checks: weak };
  const unresolved = checks.find((m) => m.detail === "contained") ?? noDotDotInRoot(hit, sink.expr, context);
  if (unresolved) return refusesSymlinks(hit, sink, context) || !plantsLinks(context) ? undefined : { hit, messageId: "symlinkEscape", checks: [unresolved] };
  // A folder made anywhere litters the disk but overwrites nothing.
  return { hit, messageId: createsDirectory(sink.api) ? "uncheckedFolder" : "unchecked", checks: [] };
}

/** Reports a verdict at its checks (once per check), or at the sink when there are none. */
function report(verdict: Verdict, sink: FsSinkArgument, context: RuleContext, index: ProjectIndex, reportedChecks: Set<ts.Node>): void {
  const { hit, messageId } = verdict;
  const data: Record<string, string> = { source: describeSource(hit), who: attacker(hit, context), api: sink.api, access: sink.access, verb: VERBS[sink.access] };
  const trace = context.trace(hit, sink.expr, `${sink.access === "read" || sink.access === "list" ? "opens" : "changes"} the path (${sink.api})`);
  const tool = { ...toolOf(hit, sink.call, context), ...signedInGrade(hit, context) };
  if (!verdict.checks.length) {
    // join(projectDir, "pubspec.yaml"): the model picks the folder, the code the file.
    const named = messageId === "unchecked" ? fixedFileNames(sink.expr, context, 0) : undefined;
    // `${id}.${format}` names nothing a reader would recognise: it is the code's name all the same.
    const fixed = named?.some((n) => /[a-z\d]/i.test(n)) ? named : undefined;
    if (!fixed && messageId === "unchecked" && (named || codeNamed(sink.expr, context, index, 0))) {
      context.report({ node: sink.call, messageId: "uncheckedCodeNamed", data, trace, severity: "medium", ...tool, perCaller: true });
      return;
    }
    if (fixed) {
      // Planting or replacing a file of the code's name is high only where that name is read as code or credentials.
      const dangerous = sink.access !== "read" && sink.access !== "list" && fixed.some((n) => EXECUTED_NAME.test(n));
      context.report({ node: sink.call, messageId: "uncheckedNamed", data: { ...data, name: fixed.join("`, `") }, trace, ...(dangerous ? {} : { severity: "medium" as const }), ...tool, perCaller: true });
      return;
    }
    context.report({ node: sink.call, messageId, data, trace, ...(messageId === "uncheckedFolder" ? { severity: "medium" as const, confidence: "medium" as const } : {}), ...tool, perCaller: true });
    return;
  }
  const lowered = messageId === "prefixCheck" || messageId === "rawCheck" ? {} : { severity: "medium" as const, confidence: "medium" as const };
  for (const mark of verdict.checks) {
    const node = mark.node ?? sink.call;
    if (reportedChecks.has(node)) continue;
    reportedChecks.add(node);
    const allowAll: Record<string, string> = mark.whenConfigured ? { allowAll: mark.whenConfigured.getText().slice(0, 60) } : {};
    context.report({ node, messageId, data: { ...data, ...allowAll, check: node.getText().slice(0, 80) }, trace, ...lowered, ...tool });
  }
}

/** Calls that make a link on disk, by name, and the archive and git libraries whose unpacking or cloning writes links a source holds. */
const LINK_MAKERS = ["symlink", "symlinkSync", "link", "linkSync"];
const UNPACKERS: Record<string, readonly string[]> = {
  tar: ["x", "extract"], "tar-fs": ["extract"], "adm-zip": ["extractAllTo", "extractAllToAsync", "extractEntryTo"], unzipper: ["Extract"],
  "extract-zip": ["extract", "extractZip"], decompress: ["decompress"], "simple-git": ["clone", "mirror"], "isomorphic-git": ["clone"],
};
const planting = new WeakMap<object, boolean>();

/**
 * A lexical containment check is escaped only through a symlink someone put inside the root: the server makes links,
 * unpacks archives or clones repositories, or runs a program or command line the model writes (`ln -s`).
 */
function plantsLinks(context: RuleContext): boolean {
  const known = planting.get(context.model);
  if (known !== undefined) return known;
  const fromModel = (e: ts.Expression | undefined) => !!e && context.taint(e).length > 0;
  const unpacks = Object.entries(UNPACKERS).some(([module, names]) => names.some((name) => context.callsNamed(name).some((call) => context.api(call.expression)?.module === module)));
  const plants =
    LINK_MAKERS.some((name) => context.callsNamed(name).length > 0) ||
    unpacks ||
    // Any launch, however it is named (`const execAsync = promisify(exec)`).
    context.sourceFiles.some((sf) =>
      callsIn(sf).some((call) => {
        const launch = processLaunch(call, context);
        return !!launch && (fromModel(launch.shellCommand?.expr) || fromModel(launch.program));
      }),
    );
  planting.set(context.model, plants);
  return plants;
}

/**
 * `if ((await fs.lstat(p)).isSymbolicLink()) throw …`, inline or in a helper given the value, before the sink: the
 * path holds no symlink to escape through, which answers the symlink question as realpath does.
 */
function refusesSymlinks(hit: TaintHit, sink: FsSinkArgument, context: RuleContext): boolean {
  let fn: ts.Node | undefined = sink.call.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  if (!fn) return false;
  const same = (e: ts.Expression) => context.taint(e).some((h) => sameValue(h, hit));
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || n.pos >= sink.call.pos) return;
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      if ((name === "lstat" || name === "lstatSync") && n.arguments[0] && same(n.arguments[0]) && checksSymbolicLink(n)) found = true;
      else if (n.arguments.some((a) => same(a)) && context.calleeFunctions(n).some((helper) => !!helper.body && /\.isSymbolicLink\(\)/.test(helper.body.getText()) && /\blstat(Sync)?\(/.test(helper.body.getText()))) found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return found;
}

/** `(await fs.lstat(p)).isSymbolicLink()`, or `const st = await fs.lstat(p); … st.isSymbolicLink()`. */
function checksSymbolicLink(lstat: ts.CallExpression): boolean {
  let n: ts.Node = lstat.parent;
  while (ts.isAwaitExpression(n) || ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n)) n = n.parent;
  if (ts.isPropertyAccessExpression(n)) return n.name.text === "isSymbolicLink";
  if (!ts.isVariableDeclaration(n) || !ts.isIdentifier(n.name)) return false;
  const name = n.name.text;
  const scope = n.parent.parent.parent;
  return new RegExp(`\\b${name}\\??\\.isSymbolicLink\\(\\)`).test(scope.getText());
}

/**
 * `if (p.includes("..")) throw` only confines a path that is then joined onto a root, or one also checked not to be
 * absolute, which stays under the working directory.
 */
function noDotDotInRoot(hit: TaintHit, expr: ts.Expression, context: RuleContext): Mark | undefined {
  const mark = hit.taint.marks.find((m) => m.kind === "no-dotdot");
  if (!mark) return undefined;
  return hit.taint.marks.some((m) => m.kind === "not-absolute") || isRootedJoin(expr, hit, context, 0) ? mark : undefined;
}

/** Two hits of the same input value (its source and the path into it), whatever marks each picked up. */
function sameValue(a: TaintHit, b: TaintHit): boolean {
  return a.taint.root.id === b.taint.root.id && a.taint.path.join(".") === b.taint.path.join(".");
}

/**
 * path.join(root, …value), or path.resolve(root, "." + value): placed after a first part it does not come from, which
 * is fixed or judged on its own (join never restarts at an absolute part, so only ".." could climb above it). Followed
 * through consts, loops over literal lists, parameters, the returns of project functions (a recursive walk included)
 * and what the code alone derives from such a path.
 */
function isRootedJoin(expr: ts.Expression, hit: TaintHit, context: RuleContext, depth: number, seen = new Set<ts.Node>()): boolean {
  const e = skipOuterAndAwait(expr);
  // A path built from itself (a recursive walk's `join(current, part)`) is rooted when every other way in is.
  const key = (ts.isIdentifier(e) && context.declaration(e)) || e;
  if (seen.has(key)) return true;
  if (depth > 12) return false;
  seen.add(key);
  const carries = (x: ts.Expression) => context.taint(x).some((h) => sameValue(h, hit));
  // All the values that carry the input are rooted joins, and there is one.
  const allRooted = (xs: readonly ts.Expression[]) => {
    const carrying = xs.filter(carries);
    return carrying.length > 0 && carrying.every((x) => isRootedJoin(x, hit, context, depth + 1, seen));
  };
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return allRooted([e.left, e.right]);
  // full.split("/dist/")[0]: a prefix of a rooted path, cut where the code says.
  if (ts.isElementAccessExpression(e) && context.constantText(e.argumentExpression) === "0") {
    const split = skipOuter(e.expression);
    return ts.isCallExpression(split) && calleeName(split) === "split" && ts.isPropertyAccessExpression(split.expression) && isRootedJoin(split.expression.expression, hit, context, depth + 1, seen);
  }
  if (ts.isCallExpression(e)) {
    const derived = derivedPath(e, context);
    if (derived) return isRootedJoin(derived, hit, context, depth + 1, seen);
    const api = context.api(e.expression);
    // find(base, pattern), a project function returning the path it joined.
    if (!api) {
      const fns = context.calleeFunctions(e);
      return fns.length > 0 && fns.every((fn) => allRooted(returnedExpressions(fn)));
    }
    const fn = api.module === "path" ? api.path[api.path.length - 1] : undefined;
    const [root, ...rest] = e.arguments;
    if ((fn !== "join" && fn !== "resolve") || !root || ts.isSpreadElement(root) || !rest.length) return false;
    // join(join(modules, pkg), pattern): a first part carrying the value must be rooted the same way itself.
    if (carries(root) && !isRootedJoin(root, hit, context, depth + 1, seen)) return false;
    return rest.every((part) => appendedUnder(part, hit, context, fn === "resolve"));
  }
  if (ts.isIdentifier(e)) {
    const init = context.initializer(e);
    if (init) return isRootedJoin(init, hit, context, depth + 1, seen);
    // for (const p of [join(base, a), join(base, b)]): each path the loop walks.
    const listed = loopedElements(e, context);
    if (listed) return allRooted(listed);
    // tryLoad(fullPath) with every caller that passes the value passing path.join(base, pattern).
    return allRooted(context.injectedArguments(e));
  }
  return false;
}

/**
 * The path a rooted one is turned into by the code alone: `dirname(p)` climbs a fixed number of levels, and
 * `p.replace(".node.js", ".json")` rewrites text within one part. Either keeps the model from climbing.
 */
function derivedPath(call: ts.CallExpression, context: RuleContext): ts.Expression | undefined {
  const api = context.api(call.expression);
  if (api?.module === "path" && api.path[api.path.length - 1] === "dirname") return call.arguments[0];
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !/^replace(All)?$/.test(callee.name.text) || call.arguments.length !== 2) return undefined;
  const [from, to] = call.arguments.map((a) => context.constantText(a as ts.Expression));
  return from && to !== undefined && !/[\\/]|\.\./.test(to) ? callee.expression : undefined;
}

/** The elements of a literal list a for-of variable walks, directly or through a const. */
function loopedElements(id: ts.Identifier, context: RuleContext): ts.Expression[] | undefined {
  const decl = context.declaration(id);
  const loop = decl && ts.isVariableDeclaration(decl) && ts.isVariableDeclarationList(decl.parent) ? decl.parent.parent : undefined;
  if (!loop || !ts.isForOfStatement(loop)) return undefined;
  const iterated = skipOuter(loop.expression);
  const list = ts.isIdentifier(iterated) ? context.initializer(iterated) : iterated;
  const array = list && skipOuter(list);
  return array && ts.isArrayLiteralExpression(array) && !array.elements.some(ts.isSpreadElement) ? [...array.elements] : undefined;
}

/**
 * One later part of a join or resolve: the value alone (join only: resolve restarts at an absolute value), or the
 * value after a relative fixed head such as "." or "./", with no fixed text that climbs again.
 */
function appendedUnder(part: ts.Expression, hit: TaintHit, context: RuleContext, restarts: boolean): boolean {
  if (ts.isSpreadElement(part)) return !restarts;
  if (!context.taint(part).some((h) => sameValue(h, hit))) return true;
  const pieces = (stringParts(part) ?? [{ kind: "expr" as const, expr: part }]).map((p) => (p.kind === "text" ? p.text : context.constantText(p.expr)));
  if (pieces.some((p) => p?.includes(".."))) return false;
  const head = pieces.length > 1 ? pieces[0] : undefined;
  if (head === undefined) return !restarts;
  if (restarts && (head === "" || /^[\\/]/.test(head))) return false;
  // "." + value makes ".." of a value that starts with "."; a parsed URL's path starts with "/", a dotless value with neither.
  return !/(^|\/)\.$/.test(head) || hasMark(hit.taint, "dot-segments-removed") || hasMark(hit.taint, "no-dot");
}
