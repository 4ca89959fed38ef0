import { ts } from "../rule-api/ts.js";
import type { Rule, RuleContext, RuleVisitors } from "../rule-api/rule.js";
import type { Finding, Inventory, PackageInfo, ReportDescriptor, ScanError, TraceStep } from "../rule-api/types.js";
import { lineLocation, nodeLocation, redactLocation } from "./ast/location.js";
import { TaintEngine } from "./dataflow/taint-engine.js";
import type { TaintHit } from "./dataflow/taint.js";
import { importedFromShippedCode, isExampleCode } from "./load/example-code.js";
import { isTestCode } from "./load/test-code.js";
import type { LoadedFile } from "./load/types.js";
import { toInventory } from "./inventory.js";
import { buildModel } from "./model/build-model.js";
import { CapabilityIndex } from "./model/capabilities.js";
import type { McpModel } from "./model/mcp-model.js";
import { ObjectProps } from "./model/object-props.js";
import type { ScanProgram } from "./project/create-program.js";
import { constantText } from "./resolve/constant-text.js";
import { constInitializer } from "./ast/const-initializer.js";
import { declarationOf } from "./ast/declaration-of.js";
import { importedFiles } from "./ast/imported-files.js";
import { ValueResolver } from "./resolve/value-resolver.js";
import type { Timings } from "./timings.js";
import { wrapperEntry } from "./wrapper-entry.js";

export interface AnalysisResult {
  inventory: Inventory;
  findings: Finding[];
  errors: ScanError[];
}

export interface RepositoryFacts {
  auxiliaryFiles: readonly LoadedFile[];
  packages: readonly PackageInfo[];
  /** The text of a scanned source file, for findings reported by path and line. */
  sourceText(path: string): string | undefined;
}

/** Builds the model and the taint facts, then runs every rule over the files in one walk. */
export function analyzeProgram(scan: ScanProgram, rules: readonly Rule[], repo: RepositoryFacts, onFile?: (done: number, total: number) => void, timings?: Timings): AnalysisResult {
  timings?.enter("model");
  const errors: ScanError[] = [];
  const pathOf = (node: ts.Node) => scan.relativePath.get(node.getSourceFile()) ?? node.getSourceFile().fileName;
  const brokenFiles = new Set<string>();
  for (const sf of scan.files) {
    const diagnostics = scan.program.getSyntacticDiagnostics(sf);
    const first = diagnostics[0];
    if (!first) continue;
    const path = pathOf(sf);
    brokenFiles.add(path);
    const line = first.start !== undefined ? sf.getLineAndCharacterOfPosition(first.start).line + 1 : undefined;
    errors.push({ kind: "parse", path, ...(line !== undefined ? { line } : {}), message: `syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}` });
  }
  const packageDirs = new Set(repo.packages.map((p) => p.path));
  const resolver = new ValueResolver(scan.program, scan.checker, (sf) => isTestCode(pathOf(sf), packageDirs));
  const internal = (node: ts.Node, stage: string, e: unknown) => errors.push({ kind: "internal", path: pathOf(node), message: `${stage} failed here, the rest was analysed: ${describe(e)}` });
  const model = buildModel(scan.files, resolver, (sf, e) => internal(sf, "reading the MCP model", e));
  const engine = new TaintEngine(resolver, model.sources);
  engine.propagate((fn, e) => internal(fn, "following the data flow", e));
  const capabilities = new CapabilityIndex(resolver);
  timings?.enter("rules");

  const findings: Finding[] = [];
  const toolAt = toolLocator(model);
  const fileAt = new Map([...scan.relativePath].map(([sf, path]) => [path, sf]));
  let shippedExamples: Set<ts.SourceFile> | undefined;
  const importedFile = (specifier: ts.StringLiteralLike) => {
    const decl = scan.checker.getSymbolAtLocation(specifier)?.declarations?.[0];
    return decl && ts.isSourceFile(decl) && !decl.isDeclarationFile ? decl : undefined;
  };
  // A test script beside a package.json (`test-client.js`) is development code as much as an example is.
  const shownOnly = (path: string) => isExampleCode(path, packageDirs) || isTestCode(path, packageDirs);
  const isExample = (sf: ts.SourceFile) => shownOnly(pathOf(sf));
  // An example path's file is example code unless shipped code imports it; the imports are read only when asked.
  const exampleCode = (path: string, node: ts.Node | undefined) => shownOnly(path) && !(node && (shippedExamples ??= importedFromShippedCode(scan.files, isExample, (sf) => importedFiles(sf, importedFile))).has(node.getSourceFile()));
  const step = (node: ts.Node, kind: TraceStep["kind"], message: string): TraceStep => ({ kind, message, location: nodeLocation(node, pathOf(node)) });
  let currentFile: ts.SourceFile | undefined;

  const contexts = rules.map((rule) => {
    // Nodes a rule already reported a perCaller finding at.
    const perCallerSeen = new Set<string>();
    const reportedLines = new Set<string>();
    const context: RuleContext = {
      id: rule.id,
      meta: rule.meta,
      get file() {
        return currentFile;
      },
      model,
      auxiliaryFiles: repo.auxiliaryFiles,
      packages: repo.packages,
      api: (e) => resolver.apiOf(e),
      resolve: (e) => resolver.resolve(e),
      calleeFunctions: (c) => resolver.calleeFunctions(c),
      passedArguments: (c) => resolver.passedArguments(c),
      injectedFunctions: (c) => resolver.injectedFunctions(c),
      injectedArguments: (e) => resolver.injectedArguments(e),
      soleCallingSites: (fn) => resolver.soleCallingSites(fn),
      taint: (e, kinds) => engine.taintOf(e, kinds),
      capabilities: (n) => capabilities.of(n),
      constantText: (e) => constantText(e, resolver),
      literalTexts: (e) => literalTexts(e, scan.checker),
      loopTexts: (id) => {
        const texts = resolver.loopEntries(id)?.map((entry) => (ts.isExpression(entry) ? constantText(entry, resolver) : undefined));
        return texts?.length && texts.every((t) => t !== undefined) ? (texts as string[]) : undefined;
      },
      initializer: (id) => constInitializer(id, scan.checker),
      declaration: (id) => declarationOf(id, scan.checker),
      importedFile,
      callsNamed: (name) => resolver.callsNamed(name),
      constructionsNamed: (name) => resolver.constructionsNamed(name),
      sourceFiles: scan.files,
      objectProps: (e) => ObjectProps.of(e, resolver),
      trace: (hit, sink, message) => traceOf(hit, sink, message, step),
      step,
      pathOf,
      toolAt,
      report: (d) => {
        const entry = d.node && d.trace ? wrapperEntry(d.node, d.trace, (p) => fileAt.get(p), resolver) : undefined;
        const at = entry ?? d.node;
        if (d.perCaller && at) {
          const key = `${at.getSourceFile().fileName}:${at.pos}`;
          if (perCallerSeen.has(key)) return;
          perCallerSeen.add(key);
        }
        const finding = toFinding(rule, entry ? { ...d, node: entry } : d, pathOf, repo, exampleCode);
        // Two sinks on one line with the same flow (`locator ? locator.screenshot(o) : page.screenshot(o)`) are one finding to a reader.
        const same = `${rule.id}\0${finding.location.path}\0${finding.location.line}\0${finding.message}`;
        if (reportedLines.has(same)) return;
        reportedLines.add(same);
        findings.push(finding);
      },
    };
    const create = () => safeCreate(rule, context, errors);
    return { rule, visitors: timings ? timings.forRule(rule.id, create)() : create() };
  });

  const byKind = new Map<ts.SyntaxKind, { rule: Rule; fn: (node: ts.Node) => void }[]>();
  for (const { rule, visitors } of contexts) {
    for (const [key, fn] of Object.entries(visitors)) {
      const kind = (ts.SyntaxKind as unknown as Record<string, ts.SyntaxKind>)[key];
      if (kind === undefined || typeof fn !== "function") continue;
      const visitor = fn as (node: ts.Node) => void;
      byKind.set(kind, [...(byKind.get(kind) ?? []), { rule, fn: timings ? timings.forRule(rule.id, visitor) : visitor }]);
    }
  }
  for (const [i, sf] of scan.files.entries()) {
    onFile?.(i, scan.files.length);
    const path = pathOf(sf);
    if (brokenFiles.has(path) || !byKind.size) continue;
    currentFile = sf;
    const visit = (node: ts.Node): void => {
      const handlers = byKind.get(node.kind);
      if (handlers) for (const h of handlers) guarded(h.rule, path, errors, () => h.fn(node));
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  currentFile = undefined;
  for (const { rule, visitors } of contexts) {
    for (const hook of [visitors["Program:exit"], visitors.check]) if (hook) guarded(rule, undefined, errors, timings ? timings.forRule(rule.id, hook) : hook);
  }
  timings?.enter("model");
  return { inventory: toInventory(model, scan, capabilities), findings, errors };
}

function safeCreate(rule: Rule, context: RuleContext, errors: ScanError[]): RuleVisitors {
  try {
    return rule.create(context);
  } catch (e) {
    errors.push({ kind: "rule", ruleId: rule.id, message: `rule failed to start: ${describe(e)}` });
    return {};
  }
}

function guarded(rule: Rule, path: string | undefined, errors: ScanError[], fn: () => void): void {
  try {
    fn();
  } catch (e) {
    errors.push({ kind: "rule", ruleId: rule.id, ...(path ? { path } : {}), message: `rule crashed: ${describe(e)}` });
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.message}${e.stack ? ` (${e.stack.split("\n")[1]?.trim() ?? ""})` : ""}`;
  return String(e);
}

function traceOf(hit: TaintHit, sink: ts.Node, message: string, step: (n: ts.Node, k: TraceStep["kind"], m: string) => TraceStep): TraceStep[] {
  const steps = hit.taint.trace.map((s) => step(s.node, s.kind, s.message));
  const last = step(sink, "sink", message);
  const prev = steps[steps.length - 1];
  if (prev && prev.location.line === last.location.line && prev.location.path === last.location.path && prev.kind !== "source") steps.pop();
  return [...steps, last];
}

function format(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => (data && key in data ? String(data[key]) : `{{${key}}}`));
}

const EXAMPLE_NOTE = " (Graded medium: this file is example or development code, not what the repository ships.)";

function toFinding(rule: Rule, d: ReportDescriptor, pathOf: (n: ts.Node) => string, repo: RepositoryFacts, exampleCode: (path: string, node: ts.Node | undefined) => boolean): Finding {
  const template = rule.meta.messages[d.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown message id "${d.messageId}"`);
  let location;
  if (d.node) location = nodeLocation(d.node, pathOf(d.node));
  else if (d.location) {
    const text = repo.auxiliaryFiles.find((f) => f.path === d.location?.path)?.text ?? repo.sourceText(d.location.path);
    location = lineLocation(text, d.location.path, d.location.line, d.location.column, d.location.endLine, d.location.endColumn);
  } else throw new Error(`rule ${rule.id} reported without a node or a location`);
  if (d.redact) location = redactLocation(location);
  const severity = d.severity ?? rule.meta.severity;
  // Example and development code is what a repository shows, not what it ships: it informs, it does not gate.
  const example = (severity === "critical" || severity === "high") && exampleCode(location.path, d.node);
  return {
    ruleId: rule.id,
    messageId: d.messageId,
    message: format(template, d.data) + (example ? EXAMPLE_NOTE : ""),
    severity: example ? "medium" : severity,
    confidence: d.confidence ?? rule.meta.confidence,
    cwe: rule.meta.cwe,
    checklist: rule.meta.checklist,
    location,
    trace: d.trace ?? [],
    fingerprint: "",
    ...(d.tool ? { tool: d.tool } : {}),
    ...(d.fix ? { fix: d.fix } : {}),
  };
}

/** Low-level servers dispatch on the tool name: a node inside `case "x":` belongs to tool x. */
function toolLocator(model: McpModel): (node: ts.Node) => string | undefined {
  const byFile = new Map<ts.SourceFile, { name: string; region: ts.Node }[]>();
  for (const t of model.tools) {
    const region = t.dispatch ?? t.handler;
    if (!region || !t.name) continue;
    const sf = region.getSourceFile();
    byFile.set(sf, [...(byFile.get(sf) ?? []), { name: t.name, region }]);
  }
  return (node) => byFile.get(node.getSourceFile())?.find(({ region }) => node.pos >= region.pos && node.end <= region.end)?.name;
}

/** A union of string literal types (or one literal): the texts it allows. */
function literalTexts(expr: ts.Expression, checker: ts.TypeChecker): readonly string[] | undefined {
  const type = checker.getTypeAtLocation(expr);
  const parts = type.isUnion() ? type.types : [type];
  return parts.length > 0 && parts.every((t) => t.isStringLiteral()) ? parts.map((t) => (t as ts.StringLiteralType).value) : undefined;
}
