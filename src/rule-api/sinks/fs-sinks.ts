import { ts } from "../ts.js";
import { enclosingFunction, skipOuterAndAwait } from "../../engine/ast/function-like.js";
import { FS_MODULES } from "../../engine/dataflow/library-models.js";
import { displayName } from "../../engine/resolve/value-ref.js";
import { returnedExpressions } from "../../engine/ast/returned-expressions.js";
import type { RuleContext } from "../rule.js";
import { browserCall } from "./browser.js";
import { programFileArguments } from "./program-files.js";
import type { SinkArgument } from "./sink.js";

/** What a call does to the file at a path; "move" takes it away from there (rename's source): read and deleted at once. */
export type FsAccess = "read" | "write" | "list" | "delete" | "move";

export interface FsSinkArgument extends SinkArgument {
  access: FsAccess;
}

const DIRECTORY_CREATION = /\.(mkdir|createFolder|mkdirp|mkdirs|ensureDir|ensureDirSync|mkdirSync|mkdirpSync|mkdtemp|mkdtempSync)$/;

/** A call that only creates folders (fs.mkdir, fs-extra's ensureDir): it overwrites nothing. */
export function createsDirectory(api: string): boolean {
  return DIRECTORY_CREATION.test(api);
}

/**
 * Document and image libraries that open or write the file at a path: the argument (or option) holding it. Keyed by
 * module, then by the called member ("" for the module called itself, as `sharp(path)`).
 */
type LibraryPath = { arg?: number; option?: string; optionsArg?: number; access: FsAccess };
const LIBRARY_PATHS: Record<string, Record<string, LibraryPath | LibraryPath[]>> = {
  xlsx: { readFile: { arg: 0, access: "read" }, readFileSync: { arg: 0, access: "read" }, writeFile: { arg: 1, access: "write" }, writeFileSync: { arg: 1, access: "write" }, writeFileXLSX: { arg: 1, access: "write" } },
  exceljs: { readFile: { arg: 0, access: "read" }, writeFile: { arg: 0, access: "write" } },
  mammoth: { extractRawText: { option: "path", access: "read" }, convertToHtml: { option: "path", access: "read" }, convertToMarkdown: { option: "path", access: "read" } },
  sharp: { "": { arg: 0, access: "read" }, toFile: { arg: 0, access: "write" } },
  jimp: { read: { arg: 0, access: "read" }, write: { arg: 0, access: "write" }, writeAsync: { arg: 0, access: "write" } },
  "adm-zip": { extractAllTo: { arg: 0, access: "write" }, extractEntryTo: { arg: 1, access: "write" }, addLocalFile: { arg: 0, access: "read" }, addLocalFolder: { arg: 0, access: "read" }, writeZip: { arg: 0, access: "write" } },
  archiver: { file: { arg: 0, access: "read" }, directory: { arg: 0, access: "read" } },
  officeparser: { parseOfficeAsync: { arg: 0, access: "read" }, parseOffice: { arg: 0, access: "read" } },
  // Archive extraction writes every entry under the folder it is given: the model's folder is a write anywhere.
  tar: Object.fromEntries(["x", "extract"].map((m) => [m, [{ option: "cwd", access: "write" }, { option: "C", access: "write" }, { option: "file", access: "read" }, { option: "f", access: "read" }]])),
  "extract-zip": { "": [{ arg: 0, access: "read" }, { option: "dir", optionsArg: 1, access: "write" }] },
  decompress: { "": [{ arg: 0, access: "read" }, { arg: 1, access: "write" }] },
  unzipper: { Extract: { option: "path", access: "write" } },
  // Clients that upload a local file the caller names, or download into one: the local path is a file path like any other.
  mwn: { upload: { arg: 0, access: "read" } },
  "node-telegram-bot-api": Object.fromEntries(["sendDocument", "sendPhoto", "sendAudio", "sendVideo", "sendVoice", "sendAnimation", "sendVideoNote", "sendSticker"].map((m) => [m, { arg: 1, access: "read" }])),
  "ssh2-sftp-client": { put: { arg: 0, access: "read" }, fastPut: { arg: 0, access: "read" }, uploadDir: { arg: 0, access: "read" }, get: { arg: 1, access: "write" }, fastGet: { arg: 1, access: "write" }, downloadDir: { arg: 1, access: "write" } },
  "node-ssh": { putFile: { arg: 0, access: "read" }, putDirectory: { arg: 0, access: "read" }, getFile: { arg: 0, access: "write" }, getDirectory: { arg: 0, access: "write" } },
  "basic-ftp": { uploadFrom: { arg: 0, access: "read" }, appendFrom: { arg: 0, access: "read" }, uploadFromDir: { arg: 0, access: "read" }, downloadTo: { arg: 0, access: "write" }, downloadToDir: { arg: 0, access: "write" } },
};

/** Playwright and Puppeteer methods that write a file the caller names, or upload one from disk. */
const BROWSER_FILE_METHODS = new Set(["screenshot", "pdf", "saveAs", "setInputFiles", "uploadFile"]);

/** Which arguments of a call are paths and what it does to them; `source` for the first of two paths when it differs. */
interface PathSpec {
  args: number[];
  access: FsAccess;
  /** copyFile(src, dest) only reads src; rename(src, dest) moves it away. */
  source?: FsAccess;
}

/** The access of a call's path argument `i`. */
function accessOf(spec: PathSpec, i: number): FsAccess {
  return i === 0 && spec.source ? spec.source : spec.access;
}

/** fs functions and which of their arguments are paths. */
const PATH_ARGS: ReadonlyMap<string, PathSpec> = new Map(Object.entries({
  readFile: { args: [0], access: "read" },
  createReadStream: { args: [0], access: "read" },
  open: { args: [0], access: "read" },
  opendir: { args: [0], access: "list" },
  readdir: { args: [0], access: "list" },
  readJson: { args: [0], access: "read" },
  readJSON: { args: [0], access: "read" },
  watch: { args: [0], access: "read" },
  writeFile: { args: [0], access: "write" },
  appendFile: { args: [0], access: "write" },
  createWriteStream: { args: [0], access: "write" },
  mkdir: { args: [0], access: "write" },
  truncate: { args: [0], access: "write" },
  chmod: { args: [0], access: "write" },
  chown: { args: [0], access: "write" },
  lchown: { args: [0], access: "write" },
  utimes: { args: [0], access: "write" },
  outputFile: { args: [0], access: "write" },
  outputJson: { args: [0], access: "write" },
  outputJSON: { args: [0], access: "write" },
  writeJson: { args: [0], access: "write" },
  writeJSON: { args: [0], access: "write" },
  ensureDir: { args: [0], access: "write" },
  ensureFile: { args: [0], access: "write" },
  mkdirp: { args: [0], access: "write" },
  mkdirs: { args: [0], access: "write" },
  emptyDir: { args: [0], access: "delete" },
  rm: { args: [0], access: "delete" },
  rmdir: { args: [0], access: "delete" },
  unlink: { args: [0], access: "delete" },
  remove: { args: [0], access: "delete" },
  rename: { args: [0, 1], access: "write", source: "move" },
  move: { args: [0, 1], access: "write", source: "move" },
  copyFile: { args: [0, 1], access: "write", source: "read" },
  copy: { args: [0, 1], access: "write", source: "read" },
  cp: { args: [0, 1], access: "write", source: "read" },
  symlink: { args: [0, 1], access: "write" },
  link: { args: [0, 1], access: "write" },
} satisfies Record<string, PathSpec>));

/** Globbing libraries and their functions that list files: the folder they search, and the pattern when it is the whole path. */
const GLOB_MODULES = new Set(["glob", "fast-glob", "globby", "tinyglobby"]);
const GLOB_FUNCTIONS = new Set(["", "default", "glob", "globSync", "sync", "async", "stream", "globStream", "globIterate", "globby", "globbySync", "globbyStream"]);

/** Path arguments of fs / fs-extra calls (sync, callback and promise forms), of globbing, of express res.sendFile/download and of programs launched on files. */
export function fsPathArguments(call: ts.CallExpression, context: RuleContext): FsSinkArgument[] {
  const api = context.api(call.expression);
  if (api && GLOB_MODULES.has(api.module) && GLOB_FUNCTIONS.has(api.path.join("."))) {
    // glob(pattern, { cwd: dir }): the folder is the model's pick; without cwd the pattern is the path itself.
    const cwd = context.objectProps(call.arguments[1])?.value("cwd");
    const target = cwd ?? call.arguments[0];
    return target ? [{ expr: target, call, api: displayName(api), access: "list" }] : [];
  }
  // Methods of what fs returns (a FileHandle's readFile, writeFile, createReadStream) work on the file already open.
  if (api && FS_MODULES.has(api.module) && !api.path.includes("#")) {
    const member = (api.path[api.path.length - 1] ?? "").replace(/Sync$/, "");
    const spec = PATH_ARGS.get(member === "native" ? (api.path[api.path.length - 2] ?? "") : member);
    if (!spec) return [];
    const name = displayName(api);
    const writes = member === "open" && opensForWriting(call.arguments[1], context);
    return spec.args.flatMap((i) => {
      const expr = call.arguments[i];
      return expr ? [{ expr, call, api: name, access: writes ? "write" : accessOf(spec, i) }] : [];
    });
  }
  if (api?.module === "global" && api.path.length === 2 && (api.path[0] === "Bun" || api.path[0] === "Deno")) return runtimeFileArguments(call, api.path[0], api.path[1] ?? "");
  if (api && LIBRARY_PATHS[api.module]) {
    const specs = [LIBRARY_PATHS[api.module]?.[api.path.filter((p) => p !== "#").pop() ?? ""] ?? []].flat();
    return specs.flatMap((spec): FsSinkArgument[] => {
      const expr = spec.option ? context.objectProps(call.arguments[spec.optionsArg ?? 0])?.value(spec.option) : call.arguments[spec.arg ?? 0];
      // sharp(buffer) and jimp.read(buffer) take data as well as paths: only text is a path.
      return expr && !isBufferLike(expr, context) ? [{ expr, call, api: displayName(api), access: spec.access }] : [];
    });
  }
  if (api?.module === "nodemailer" && api.path[api.path.length - 1] === "sendMail") return attachmentPaths(call, displayName(api), context);
  const callee = call.expression;
  const vault = obsidianVaultPaths(call);
  if (vault.length) return vault;
  // res.sendFile(path) without a root option serves any file.
  if (ts.isPropertyAccessExpression(callee) && BROWSER_FILE_METHODS.has(callee.name.text) && browserCall(call, context)) return browserFileArguments(call, callee.name.text, context);
  if (ts.isPropertyAccessExpression(callee) && (callee.name.text === "sendFile" || callee.name.text === "download") && call.arguments[0]) {
    const options = call.arguments[1] && context.objectProps(call.arguments[1]);
    if (options?.has("root")) return [];
    const receiver = callee.expression;
    if (ts.isIdentifier(receiver) && /^(res|response|reply)$/.test(receiver.text)) return [{ expr: call.arguments[0], call, api: `res.${callee.name.text}`, access: "read" }];
  }
  return programFileArguments(call, context);
}

/**
 * sendMail({ attachments: [{ path }] }) or `files.map((f) => ({ filename, path: f }))`: nodemailer reads each
 * attachment's path from disk and mails it.
 */
function attachmentPaths(call: ts.CallExpression, api: string, context: RuleContext): FsSinkArgument[] {
  const list = context.objectProps(call.arguments[0])?.value("attachments");
  const e = list && skipOuterAndAwait(list);
  if (!e) return [];
  let entries: ts.Expression[] = [];
  if (ts.isArrayLiteralExpression(e)) entries = e.elements.filter((el) => !ts.isSpreadElement(el));
  else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "map" && e.arguments[0]) {
    const cb = skipOuterAndAwait(e.arguments[0]);
    if (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) entries = [...returnedExpressions(cb)];
  }
  return entries.flatMap((entry) => {
    const path = context.objectProps(entry)?.value("path");
    return path ? [{ expr: path, call, api, access: "read" as const }] : [];
  });
}

/** Deno's file functions and which of their arguments are paths. */
const DENO_PATHS: ReadonlyMap<string, PathSpec> = new Map(Object.entries({
  readTextFile: { args: [0], access: "read" },
  readFile: { args: [0], access: "read" },
  readDir: { args: [0], access: "list" },
  open: { args: [0], access: "read" },
  writeTextFile: { args: [0], access: "write" },
  writeFile: { args: [0], access: "write" },
  create: { args: [0], access: "write" },
  mkdir: { args: [0], access: "write" },
  remove: { args: [0], access: "delete" },
  rename: { args: [0, 1], access: "write", source: "move" },
  copyFile: { args: [0, 1], access: "write", source: "read" },
} satisfies Record<string, PathSpec>));

/** Bun.file(path) (read, unless Bun.write writes to it), Bun.write(path or Bun.file(path), data), and Deno's file functions. */
function runtimeFileArguments(call: ts.CallExpression, runtime: string, member: string): FsSinkArgument[] {
  const api = `${runtime}.${member}`;
  const [first] = call.arguments;
  if (!first) return [];
  if (runtime === "Deno") {
    const spec = DENO_PATHS.get(member.replace(/Sync$/, ""));
    return spec ? spec.args.flatMap((i) => (call.arguments[i] ? [{ expr: call.arguments[i] as ts.Expression, call, api, access: accessOf(spec, i) }] : [])) : [];
  }
  const parent = skipOuterAndAwait(call).parent;
  if (member === "file") return ts.isCallExpression(parent) && parent.arguments[0] === call && parent.expression.getText() === "Bun.write" ? [] : [{ expr: first, call, api, access: "read" }];
  if (member !== "write") return [];
  const target = skipOuterAndAwait(first);
  const path = ts.isCallExpression(target) && target.expression.getText() === "Bun.file" && target.arguments[0] ? target.arguments[0] : first;
  return [{ expr: path, call, api, access: "write" }];
}

/** Obsidian's Vault and its DataAdapter take vault-relative paths and join them onto the vault folder: "../" leaves it. */
const VAULT_PATHS: ReadonlyMap<string, PathSpec> = new Map(Object.entries({
  "vault.create": { args: [0], access: "write" },
  "vault.createBinary": { args: [0], access: "write" },
  "vault.createFolder": { args: [0], access: "write" },
  "adapter.read": { args: [0], access: "read" },
  "adapter.readBinary": { args: [0], access: "read" },
  "adapter.write": { args: [0], access: "write" },
  "adapter.writeBinary": { args: [0], access: "write" },
  "adapter.append": { args: [0], access: "write" },
  "adapter.process": { args: [0], access: "write" },
  "adapter.mkdir": { args: [0], access: "write" },
  "adapter.remove": { args: [0], access: "delete" },
  "adapter.rmdir": { args: [0], access: "delete" },
  "adapter.trashSystem": { args: [0], access: "delete" },
  "adapter.trashLocal": { args: [0], access: "delete" },
  "adapter.rename": { args: [0, 1], access: "write", source: "move" },
  "adapter.copy": { args: [0, 1], access: "write", source: "read" },
  "adapter.list": { args: [0], access: "list" },
} satisfies Record<string, PathSpec>));

/** `app.vault.create(path, data)` or `vault.adapter.write(path, data)` in a plugin (a file that imports obsidian). */
function obsidianVaultPaths(call: ts.CallExpression): FsSinkArgument[] {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const receiver = skipOuterAndAwait(callee.expression);
  const owner = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : ts.isIdentifier(receiver) ? receiver.text : "";
  const spec = VAULT_PATHS.get(`${owner}.${callee.name.text}`);
  if (!spec || !importsObsidian(call.getSourceFile())) return [];
  const api = `Obsidian ${owner === "vault" ? "vault" : "vault.adapter"}.${callee.name.text}`;
  return spec.args.flatMap((i) => {
    const expr = call.arguments[i];
    return expr ? [{ expr, call, api, access: accessOf(spec, i) }] : [];
  });
}

function importsObsidian(sf: ts.SourceFile): boolean {
  return sf.statements.some((st) => ts.isImportDeclaration(st) && ts.isStringLiteralLike(st.moduleSpecifier) && st.moduleSpecifier.text === "obsidian");
}

/** open(path, "w") or open(path, O_WRONLY | O_CREAT): flags that write, create or truncate the file. */
function opensForWriting(flags: ts.Expression | undefined, context: RuleContext): boolean {
  if (!flags) return false;
  const text = context.constantText(flags);
  if (text !== undefined) return /[wa+]/.test(text);
  return /\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND)\b/.test(flags.getText());
}

/**
 * page.screenshot({ path }) and page.pdf({ path }) write the file, download.saveAs(path) too; setInputFiles(selector,
 * files) and uploadFile(...paths) read files from disk and hand them to the page.
 */
function browserFileArguments(call: ts.CallExpression, method: string, context: RuleContext): FsSinkArgument[] {
  const args = [...call.arguments];
  const api = `page.${method}`;
  if (method === "screenshot" || method === "pdf") {
    const path = (args[0] && assignedBefore(args[0], "path", call)) ?? context.objectProps(args[0])?.value("path");
    return path ? [{ expr: path, call, api, access: "write" }] : [];
  }
  if (method === "saveAs") return args[0] ? [{ expr: args[0], call, api, access: "write" }] : [];
  // page.setInputFiles(selector, files) or locator.setInputFiles(files): the files come last.
  if (method === "setInputFiles") {
    const files = args.length >= 2 && !context.objectProps(args[1]) ? args[1] : args[0];
    return files ? [{ expr: files, call, api, access: "read" }] : [];
  }
  return args.map((expr) => ({ expr, call, api, access: "read" as const }));
}

/** `options.path = out` written before the call in the same function: the value the call reads. */
function assignedBefore(obj: ts.Expression, key: string, call: ts.CallExpression): ts.Expression | undefined {
  if (!ts.isIdentifier(obj)) return undefined;
  const scope = enclosingFunction(call) ?? call.getSourceFile();
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (n.pos >= call.pos) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.name.text === key && ts.isIdentifier(n.left.expression) && n.left.expression.text === obj.text) found = n.right;
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(scope, visit);
  return found;
}

/**
 * `Buffer.from(data)`, `await fs.readFile(p)`, `await img.toBuffer()`, a value named as bytes (`meta.buffer`,
 * `resizedBuffer`), a parameter declared `Buffer`, a project function returning one, or a const holding one: bytes,
 * not a path. Read from the code, as the scan has no Node typings to ask.
 */
function isBufferLike(expr: ts.Expression, context: RuleContext, depth = 0): boolean {
  const e = skipOuterAndAwait(expr);
  if (depth > 3) return false;
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  if (name && BYTES_NAME.test(name)) return true;
  if (ts.isIdentifier(e)) {
    const decl = context.declaration(e);
    if (decl && ts.isParameter(decl) && decl.type && BYTES_TYPE.test(decl.type.getText())) return true;
    const init = context.initializer(e);
    return !!init && isBufferLike(init, context, depth + 1);
  }
  if (!ts.isCallExpression(e)) return false;
  const api = context.api(e.expression);
  if (api) return (api.module === "global" && api.path[0] === "Buffer") || (FS_MODULES.has(api.module) && /^readFile(Sync)?$/.test(api.path[api.path.length - 1] ?? "")) || api.path[api.path.length - 1] === "toBuffer";
  if (ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "toBuffer") return true;
  const fns = context.calleeFunctions(e);
  return fns.length > 0 && fns.every((fn) => (!!fn.type && BYTES_TYPE.test(fn.type.getText().replace(/^Promise<(.*)>$/, "$1"))) || returnedExpressions(fn).some((r) => isBufferLike(r, context, depth + 1)));
}

const BYTES_NAME = /^(buffer|bytes)$|[a-z](Buffer|Bytes)$/;
const BYTES_TYPE = /^(Buffer|Uint8Array|ArrayBuffer)$/;
