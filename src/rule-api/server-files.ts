import { ts } from "./ts.js";
import { importedFiles } from "../engine/ast/imported-files.js";
import { packageOf } from "./package-of.js";
import type { RuleContext } from "./rule.js";

const byContext = new WeakMap<RuleContext, Map<string, Set<ts.SourceFile>>>();

/**
 * Does a node run in an MCP server's process? Its file does when it holds a server, tool, resource, prompt or
 * transport of its package, imports such a file (an entry point that starts the server), or is imported from one of
 * those, transitively. A script the package ships beside the server (an editor hook, a setup tool) does not. A
 * package where no server was found is judged whole: the model may have missed it.
 */
export function inServerCode(node: ts.Node, context: RuleContext): boolean {
  let packages = byContext.get(context);
  if (!packages) byContext.set(context, (packages = serverFilesByPackage(context)));
  const files = packages.get(packageOf(node, context));
  return !files || files.has(node.getSourceFile());
}

function serverFilesByPackage(context: RuleContext): Map<string, Set<ts.SourceFile>> {
  const { servers, tools, resources, prompts, transports } = context.model;
  const seeds = [...servers, ...tools, ...resources, ...prompts, ...transports].map((m) => m.node.getSourceFile());
  const imports = new Map<ts.SourceFile, ts.SourceFile[]>();
  const importers = new Map<ts.SourceFile, ts.SourceFile[]>();
  for (const sf of context.sourceFiles) {
    const targets = importedFiles(sf, (specifier) => context.importedFile(specifier));
    imports.set(sf, targets);
    for (const target of targets) {
      const list = importers.get(target);
      if (list) list.push(sf);
      else importers.set(target, [sf]);
    }
  }
  // Up to the entry points that load the server, then down to everything they load.
  const entries = closure(seeds, importers, context);
  const out = new Map<string, Set<ts.SourceFile>>();
  for (const sf of closure([...entries], imports, context)) {
    const pkg = packageOf(sf, context);
    out.set(pkg, (out.get(pkg) ?? new Set()).add(sf));
  }
  return out;
}

/** The files reached from `from` along `edges`, staying in each start file's package. */
function closure(from: readonly ts.SourceFile[], edges: ReadonlyMap<ts.SourceFile, readonly ts.SourceFile[]>, context: RuleContext): Set<ts.SourceFile> {
  const seen = new Set(from);
  const queue = [...seen];
  for (let sf = queue.pop(); sf; sf = queue.pop()) {
    const pkg = packageOf(sf, context);
    for (const next of edges.get(sf) ?? []) {
      if (seen.has(next) || packageOf(next, context) !== pkg) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}
