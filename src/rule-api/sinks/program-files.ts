import { ts } from "../ts.js";
import { enclosingFunction, skipOuter } from "../../engine/ast/function-like.js";
import { callsIn } from "../../engine/ast/calls-in.js";
import type { FunctionLike } from "../../engine/ast/function-like.js";
import type { RuleContext } from "../rule.js";
import type { FsAccess, FsSinkArgument } from "./fs-sinks.js";
import { ArgvLists } from "./argv-lists.js";
import { processLaunch } from "./shell-sinks.js";

/** What a program does to the files its operands name: every operand but the last (`rest`), the last one, and option values. */
interface ProgramFiles {
  rest?: FsAccess;
  last?: FsAccess;
  /** Options whose value is a file: curl's `-o out`, wget's `-O out`. */
  values?: Readonly<Record<string, FsAccess>>;
  /** Whether every option takes the next element as its value (ffmpeg's `-f png`), unless listed as a flag. */
  optionsTakeValues?: boolean;
  flags?: ReadonlySet<string>;
  /** Sub-commands whose own operands, counted after the word, name files: `xcrun simctl io <device> screenshot <out>`. */
  words?: Readonly<Record<string, ProgramFiles>>;
  /** Operands the last one needs beside it to be the destination: `adb pull <remote> <local>`. */
  lastAfter?: number;
}

const COPY: ProgramFiles = { rest: "read", last: "write", lastAfter: 1 };
const ALL = (access: FsAccess): ProgramFiles => ({ rest: access, last: access });

const PROGRAMS: Readonly<Record<string, ProgramFiles>> = {
  cp: COPY,
  install: COPY,
  ln: { rest: "read", last: "write", lastAfter: 1 },
  mv: { rest: "move", last: "write", lastAfter: 1 },
  tee: ALL("write"),
  touch: ALL("write"),
  truncate: ALL("write"),
  rm: ALL("delete"),
  rmdir: ALL("delete"),
  unlink: ALL("delete"),
  shred: ALL("delete"),
  cat: ALL("read"),
  head: ALL("read"),
  tail: ALL("read"),
  base64: ALL("read"),
  xxd: ALL("read"),
  screencapture: { last: "write" },
  curl: { values: { "-o": "write", "--output": "write", "-T": "read", "--upload-file": "read", "-K": "read", "--config": "read" } },
  wget: { values: { "-O": "write", "--output-document": "write", "-P": "write", "--directory-prefix": "write", "-i": "read", "--input-file": "read" } },
  ffmpeg: { last: "write", values: { "-i": "read" }, optionsTakeValues: true, flags: new Set(["-y", "-n", "-hide_banner", "-nostdin", "-nostats", "-re"]) },
  xcrun: { words: { screenshot: { last: "write" }, recordVideo: { last: "write" }, addmedia: { rest: "read", last: "read" } } },
  adb: { words: { pull: { last: "write", lastAfter: 1 }, push: { rest: "read" } } },
};

/** Long options that name a file in most programs: `bw create attachment --file <f>`, `gh issue create --body-file <f>`. */
const FILE_OPTIONS: ProgramFiles = {
  values: { "--file": "read", "--input-file": "read", "--from-file": "read", "--body-file": "read", "--output": "write", "--output-file": "write", "--out-file": "write" },
};
/** Cloud CLIs whose `--output` picks a format (json, table): only their input options name files. */
const FORMAT_OUTPUT = new Set(["az", "aws", "doctl", "oci", "gcloud"]);
const INPUT_OPTIONS: ProgramFiles = { values: Object.fromEntries(Object.entries(FILE_OPTIONS.values ?? {}).filter(([, access]) => access === "read")) };

interface WrappedLaunch {
  program: number;
  args: number;
  api: string;
}

// Keyed by function, so each scan's entries go with its program.
const wrappers = new WeakMap<FunctionLike, WrappedLaunch | null>();

/**
 * Files a launched program reads or writes through its operands: `execFile("cp", [src, dest])`, and
 * `run("xcrun", ["simctl", "io", id, "screenshot", out])` where run(cmd, args) hands both to a launch.
 */
export function programFileArguments(call: ts.CallExpression, context: RuleContext): FsSinkArgument[] {
  const launch = processLaunch(call, context);
  if (launch) return launch.program && launch.args ? operandsOf(launch.program, launch.args, call, launch.api, context) : [];
  for (const fn of call.arguments.length >= 2 ? context.calleeFunctions(call) : []) {
    const wrapped = wrappedLaunch(fn, context);
    const program = wrapped && call.arguments[wrapped.program];
    const args = wrapped && call.arguments[wrapped.args];
    if (wrapped && program && args) return operandsOf(program, args, call, wrapped.api, context);
  }
  return [];
}

/** A launch in the function whose program and argument list are two of its parameters. */
function wrappedLaunch(fn: FunctionLike, context: RuleContext): WrappedLaunch | undefined {
  let found = wrappers.get(fn);
  if (found === undefined && fn.parameters.length < 2) found = null;
  if (found === undefined) {
    found = null;
    const parameterIndex = (e: ts.Expression | undefined) => {
      const id = e && skipOuter(e);
      const decl = id && ts.isIdentifier(id) ? context.declaration(id) : undefined;
      return decl && ts.isParameter(decl) && decl.parent === fn ? fn.parameters.indexOf(decl) : -1;
    };
    for (const site of fn.body ? callsIn(fn.body) : []) {
      if (!ts.isCallExpression(site)) continue;
      const launch = processLaunch(site, context);
      const [program, args] = [parameterIndex(launch?.program), parameterIndex(launch?.args)];
      if (launch && program >= 0 && args >= 0) {
        found = { program, args, api: launch.api };
        break;
      }
    }
    wrappers.set(fn, found);
  }
  return found ?? undefined;
}

function operandsOf(programExpr: ts.Expression, argsExpr: ts.Expression, call: ts.CallExpression, api: string, context: RuleContext): FsSinkArgument[] {
  const text = context.constantText(programExpr);
  const name = text?.split(/[\\/]/).pop()?.replace(/\.exe$/i, "");
  const spec = name ? (PROGRAMS[name] ?? (FORMAT_OUTPUT.has(name) ? INPUT_OPTIONS : FILE_OPTIONS)) : undefined;
  if (!spec) return [];
  const at = (expr: ts.Expression, access: FsAccess): FsSinkArgument => ({ expr, call: passingCall(expr, call) ?? call, api: `${name} (${api})`, access });
  return (new ArgvLists(context).of(argsExpr, undefined, 0) ?? []).flatMap((list) => {
    // `...(type ? [`--type=${type}`] : [])` adds options only: it moves no operand.
    const elements = list.filter((el) => !(ts.isSpreadElement(el) && optionsOnly(el.expression, context)));
    return elements.some(ts.isSpreadElement) ? [] : filesOf(spec, elements, context).map(([expr, access]) => at(expr, access));
  });
}

/**
 * `run("create", ["attachment", "--file", file])` in a tool, for a list the wrapper launches: the call that hands the
 * element over, where the value is chosen and the fix goes. Undefined for an element written in the launch's function.
 */
function passingCall(el: ts.Expression, launch: ts.CallExpression): ts.CallExpression | undefined {
  if (enclosingFunction(el) === enclosingFunction(launch)) return undefined;
  let node: ts.Node = el;
  while (ts.isArrayLiteralExpression(node.parent) || ts.isSpreadElement(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isConditionalExpression(node.parent)) node = node.parent;
  const call = node.parent;
  return ts.isCallExpression(call) && call.arguments.includes(node as ts.Expression) ? call : undefined;
}

/** A spread list whose every element, in every branch, is an option: `cond ? ["-v"] : []`, `[`--type=${t}`]`. */
function optionsOnly(expr: ts.Expression, context: RuleContext): boolean {
  const e = skipOuter(expr);
  if (ts.isConditionalExpression(e)) return optionsOnly(e.whenTrue, context) && optionsOnly(e.whenFalse, context);
  if (!ts.isArrayLiteralExpression(e)) return false;
  return e.elements.every((el) => {
    const text = ts.isTemplateExpression(el) ? el.head.text : context.constantText(el);
    return text !== undefined && text.startsWith("-") && text !== "--";
  });
}

/** The elements naming files, read left to right: options (and their values) first, then operands by position. */
function filesOf(spec: ProgramFiles, elements: readonly ts.Expression[], context: RuleContext): [ts.Expression, FsAccess][] {
  const out: [ts.Expression, FsAccess][] = [];
  const operands: ts.Expression[] = [];
  let optionsEnded = false;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i] as ts.Expression;
    // `--type=${format}`: an option whatever its value, told by the text it starts with.
    const e = skipOuter(el);
    const constant = context.constantText(el);
    const glued = constant === undefined && ts.isTemplateExpression(e) && e.head.text.startsWith("-") && e.head.text.length > 1;
    const text = glued ? e.head.text : constant;
    if (!optionsEnded && text === "--") {
      optionsEnded = true;
      continue;
    }
    const word = !optionsEnded && text !== undefined && spec.words?.[text];
    if (word) return [...out, ...filesOf(word, elements.slice(i + 1), context)];
    const option = !optionsEnded && text !== undefined && text.startsWith("-") && text.length > 1 ? text : undefined;
    if (option === undefined) {
      operands.push(el);
      continue;
    }
    const [flag, inline] = option.startsWith("--") && option.includes("=") ? [option.slice(0, option.indexOf("=")), true] : [option, glued];
    const access = spec.values?.[flag];
    const next = elements[i + 1];
    if (access && !inline && next) out.push([next, access]);
    if (!inline && next && (access || (spec.optionsTakeValues && !spec.flags?.has(flag)))) i++;
  }
  const last = operands[operands.length - 1];
  const enough = operands.length > (spec.lastAfter ?? 0);
  for (const el of operands.slice(0, -1)) if (spec.rest) out.push([el, spec.rest]);
  if (last && spec.last && enough) out.push([last, spec.last]);
  else if (last && spec.rest) out.push([last, spec.rest]);
  return out;
}
