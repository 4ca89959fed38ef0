import path from "node:path";
import { Project, ts } from "ts-morph";
import type { ScanError } from "../../rule-api/types.js";
import type { LoadedTree } from "../load/types.js";
import { absolutePath, type AnalysisUnit } from "./analysis-units.js";
import { MemoryFileSystem } from "./memory-file-system.js";

export interface UnitProgram {
  program: ts.Program;
  checker: ts.TypeChecker;
  /** The unit's own files (findings are reported on these only). */
  ownFiles: ts.SourceFile[];
  /** Relative path of every analysed file (own and pulled in through imports). */
  relativePath: Map<ts.SourceFile, string>;
  errors: ScanError[];
}

/** The whole tree as the compiler sees it; shared by every unit's program. */
export function memoryFileSystem(tree: LoadedTree): MemoryFileSystem {
  const files = new Map<string, string>();
  for (const f of [...tree.sources, ...tree.auxiliary]) files.set(absolutePath(tree.root, f.path), f.text);
  return new MemoryFileSystem(files, tree.root);
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

export function createUnitProgram(tree: LoadedTree, unit: AnalysisUnit, fileSystem: MemoryFileSystem): UnitProgram {
  const errors: ScanError[] = [];
  const options = { ...compilerOptionsFor(tree, unit, fileSystem, errors), ...FORCED_OPTIONS };
  options.paths = { ...workspacePaths(tree), ...(options.paths ?? {}) };
  const project = new Project({ fileSystem, compilerOptions: options, skipLoadingLibFiles: true, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  const own = new Set<string>();
  for (const file of unit.files) {
    const abs = absolutePath(tree.root, file.path);
    own.add(abs);
    project.addSourceFileAtPath(abs);
  }
  project.resolveSourceFileDependencies();
  const program = project.getProgram().compilerObject;
  const relativePath = new Map<ts.SourceFile, string>();
  const ownFiles: ts.SourceFile[] = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const rel = path.posix.relative(tree.root, sf.fileName);
    relativePath.set(sf, rel);
    if (own.has(sf.fileName)) ownFiles.push(sf);
  }
  return { program, checker: program.getTypeChecker(), ownFiles, relativePath, errors };
}

/** The unit's tsconfig options (paths, baseUrl, jsx), read through the vetted in-memory tree. */
function compilerOptionsFor(tree: LoadedTree, unit: AnalysisUnit, fileSystem: MemoryFileSystem, errors: ScanError[]): ts.CompilerOptions {
  if (!unit.tsconfig) return {};
  const configPath = absolutePath(tree.root, unit.tsconfig);
  const host: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: true,
    readDirectory: () => [],
    fileExists: (p) => fileSystem.fileExistsSync(p),
    readFile: (p) => (fileSystem.fileExistsSync(p) ? fileSystem.readFileSync(p) : undefined),
  };
  const read = ts.readConfigFile(configPath, host.readFile);
  if (read.error) {
    errors.push({ kind: "read", path: unit.tsconfig, message: `tsconfig not read: ${ts.flattenDiagnosticMessageText(read.error.messageText, " ")}` });
    return {};
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, host, path.posix.dirname(configPath), undefined, configPath);
  return parsed.options;
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
