import path from "node:path";
import { ts } from "../../rule-api/ts.js";
import { packageFolderOf } from "../../rule-api/package-of.js";
import type { PackageInfo, ScanError } from "../../rule-api/types.js";
import type { LoadedFile, LoadedTree } from "../load/types.js";
import { BATCH_LINES, countLines, planBatches } from "./batches.js";
import { importerClosure } from "./import-graph.js";
import { MemoryFileSystem } from "./memory-file-system.js";

export interface ScanProgram {
  program: ts.Program;
  checker: ts.TypeChecker;
  /** The scanned source files, in path order. */
  files: ts.SourceFile[];
  /** Relative path of every scanned file. */
  relativePath: Map<ts.SourceFile, string>;
  errors: ScanError[];
}

const FORCED_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  noLib: true,
  types: [],
  skipLibCheck: true,
  noResolve: false,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowArbitraryExtensions: true,
  resolveJsonModule: false,
  jsx: ts.JsxEmit.Preserve,
  target: ts.ScriptTarget.ESNext,
  composite: false,
  incremental: false,
};

/**
 * The programs of a scan: one for the whole tree, or for a monorepo past the batch budget one per batch of whole
 * packages, each built only when asked for so the last can be dropped first. A program also holds what its files
 * import, so flows into a shared package are seen from every batch that uses it. Monorepo packages keep their own
 * module resolution (tsconfig paths, baseUrl), and workspace packages imported by name resolve to their sources.
 * Given changed files (relative paths), only what can affect findings in them is parsed.
 */
export class ScanPrograms {
  /** Problems found while planning (a tsconfig not read), reported once. */
  readonly errors: ScanError[] = [];
  private readonly fileSystem: MemoryFileSystem;

  constructor(readonly tree: LoadedTree) {
    const files = new Map<string, string>();
    for (const f of [...tree.sources, ...tree.auxiliary]) files.set(absolutePath(tree.root, f.path), f.text);
    this.fileSystem = new MemoryFileSystem(files, tree.root);
  }

  /** The root files of each program, relative to the scanned root: of every source, or of what can affect the changed files (see planBatches). */
  plan(changed?: ReadonlySet<string>, budget: number = BATCH_LINES, threads = 1): string[][] {
    const { tree } = this;
    let roots: readonly LoadedFile[] = tree.sources;
    if (changed) {
      const affected = affectedRoots(changed, tree, new PackageResolution(tree, this.fileSystem, this.errors));
      roots = tree.sources.filter((f) => affected.has(absolutePath(tree.root, f.path)));
    }
    return planBatches(roots.map((f) => ({ path: f.path, lines: countLines(f.text) })), tree.packages, budget, threads);
  }

  /** The program of one batch, each file parsed and bound once. */
  program(batch: readonly string[]): ScanProgram {
    const { tree, fileSystem } = this;
    const errors: ScanError[] = [];
    const resolution = new PackageResolution(tree, fileSystem, errors);
    const program = ts.createProgram({ rootNames: batch.map((rel) => absolutePath(tree.root, rel)), options: FORCED_OPTIONS, host: compilerHost(fileSystem, resolution) });
    resolution.release();
    const relativePath = new Map<ts.SourceFile, string>();
    const sourceFiles: ts.SourceFile[] = [];
    for (const sf of program.getSourceFiles()) {
      if (sf.isDeclarationFile) continue;
      relativePath.set(sf, path.posix.relative(tree.root, sf.fileName));
      sourceFiles.push(sf);
    }
    sourceFiles.sort((a, b) => a.fileName.localeCompare(b.fileName));
    return { program, checker: memoizedChecker(program.getTypeChecker()), files: sourceFiles, relativePath, errors };
  }
}

/** The checker, remembering the symbol at each node: resolving a name walks its scopes, and rules ask about the same names. */
function memoizedChecker(checker: ts.TypeChecker): ts.TypeChecker {
  const symbols = new Map<ts.Node, ts.Symbol | undefined>();
  const memoized: ts.TypeChecker = Object.create(checker);
  memoized.getSymbolAtLocation = (node) => {
    if (symbols.has(node)) return symbols.get(node);
    const symbol = checker.getSymbolAtLocation(node);
    symbols.set(node, symbol);
    return symbol;
  };
  return memoized;
}

/** The compiler's view of the tree: the vetted files only, parsed with parent links, imports resolved per package. */
function compilerHost(fs: MemoryFileSystem, resolution: PackageResolution): ts.CompilerHost {
  return {
    // Nothing reads JSDoc and nothing is type-checked: parsing doc comments into nodes is time and memory for nothing.
    jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
    getSourceFile: (fileName, languageVersion) => {
      const text = fs.readFile(fileName);
      return text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersion, true);
    },
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => {
      throw new Error("the scanned tree is read-only");
    },
    getCurrentDirectory: () => fs.getCurrentDirectory(),
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (p) => fs.fileExists(p),
    readFile: (p) => fs.readFile(p),
    directoryExists: (p) => fs.directoryExists(p),
    realpath: (p) => fs.realpath(p),
    resolveModuleNames: (names, containingFile) => names.map((name) => resolution.resolve(name, containingFile)),
  };
}

/** Changed files and their importers, as absolute paths; the program adds what they import. */
function affectedRoots(changed: ReadonlySet<string>, tree: LoadedTree, resolution: PackageResolution): Set<string> {
  const texts = new Map(tree.sources.map((f) => [absolutePath(tree.root, f.path), f.text]));
  const changedAbs = new Set([...changed].map((rel) => absolutePath(tree.root, rel)));
  return importerClosure(texts, changedAbs, (name, from) => resolution.resolve(name, from)?.resolvedFileName);
}

/** Resolves each import with the compiler options of the package that holds the importing file. */
class PackageResolution {
  private readonly options = new Map<string, { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache }>();
  private readonly byDirectory = new Map<string, { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache }>();
  /** The packages with a tsconfig, and the same by folder. */
  private readonly configured: PackageInfo[];
  private readonly configuredAt: Map<string, PackageInfo>;
  private readonly workspace: Record<string, string[]>;

  constructor(
    private readonly tree: LoadedTree,
    private readonly fileSystem: MemoryFileSystem,
    private readonly errors: ScanError[],
  ) {
    this.configured = tree.packages.filter((p) => p.tsconfig);
    this.configuredAt = new Map(this.configured.map((p) => [p.path, p]));
    this.workspace = workspacePaths(tree);
  }

  resolve(name: string, containingFile: string): ts.ResolvedModuleFull | undefined {
    const { options, cache } = this.optionsFor(containingFile);
    return ts.resolveModuleName(name, containingFile, options, this.fileSystem, cache).resolvedModule;
  }

  /** Imports are resolved once the program exists, and the program keeps its host: drop the per-package caches. */
  release(): void {
    this.options.clear();
    this.byDirectory.clear();
  }

  /** Every import of a folder's files resolves alike: the package lookup runs once per folder. */
  private optionsFor(file: string): { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache } {
    const dir = path.posix.dirname(file);
    let entry = this.byDirectory.get(dir);
    if (!entry) this.byDirectory.set(dir, (entry = this.packageOptions(file)));
    return entry;
  }

  private packageOptions(file: string): { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache } {
    const rel = path.posix.relative(this.tree.root, file);
    const pkg = this.configuredAt.get(packageFolderOf(rel, this.configured));
    const key = pkg?.path ?? "";
    let entry = this.options.get(key);
    if (!entry) {
      const own = pkg?.tsconfig ? this.readTsconfig(pkg.tsconfig) : {};
      const options = { ...own, ...FORCED_OPTIONS, paths: { ...this.workspace, ...(own.paths ?? {}) } };
      entry = { options, cache: ts.createModuleResolutionCache(this.tree.root, (f) => f, options) };
      this.options.set(key, entry);
    }
    return entry;
  }

  /** A package's tsconfig (paths, baseUrl), read through the vetted in-memory tree. */
  private readTsconfig(rel: string): ts.CompilerOptions {
    const configPath = absolutePath(this.tree.root, rel);
    const fs = this.fileSystem;
    const host: ts.ParseConfigHost = {
      useCaseSensitiveFileNames: true,
      readDirectory: () => [],
      fileExists: (p) => fs.fileExists(p),
      readFile: (p) => fs.readFile(p),
    };
    const read = ts.readConfigFile(configPath, host.readFile);
    if (read.error) {
      this.errors.push({ kind: "read", path: rel, message: `tsconfig not read: ${ts.flattenDiagnosticMessageText(read.error.messageText, " ")}` });
      return {};
    }
    return ts.parseJsonConfigFileContent(read.config, host, path.posix.dirname(configPath), undefined, configPath).options;
  }
}

/** Workspace packages imported by name (`@org/shared`) resolve to their sources in the tree. */
function workspacePaths(tree: LoadedTree): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const pkg of tree.packages) {
    if (!pkg.name) continue;
    const dir = absolutePath(tree.root, pkg.path);
    paths[pkg.name] = [`${dir}/src/index`, `${dir}/index`, `${dir}/src/main`, `${dir}/lib/index`];
    paths[`${pkg.name}/*`] = [`${dir}/src/*`, `${dir}/*`];
  }
  return paths;
}

function absolutePath(root: string, rel: string): string {
  return rel === "." ? root : path.posix.join(root, rel);
}
