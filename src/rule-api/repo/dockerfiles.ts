import path from "node:path";
import { DockerfileParser, type Dockerfile, type From, type Instruction } from "dockerfile-ast";
import type { LoadedFile } from "../../engine/load/types.js";

/** One build stage: a FROM and the instructions up to the next FROM. */
export interface DockerStage {
  index: number;
  /** The `AS name`, lower-cased. */
  name?: string;
  from: From;
  /** 1-based line of the FROM. */
  line: number;
  /** The image with build-argument defaults substituted (`node:${NODE}` → `node:22`); undefined when it stays variable. */
  image?: string;
  /** The earlier stage this one builds on (`FROM build AS final`). */
  base?: DockerStage;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  file: LoadedFile;
  dockerfile: Dockerfile;
  stages: DockerStage[];
  /** Build arguments declared before the first FROM, with their defaults. */
  globalArgs: Map<string, string | undefined>;
  /** 1-based line of a position. */
  lineOf(position: { line: number }): number;
  /** An instruction's full source text (continuation lines and heredocs included), with line continuations kept. */
  textOf(instruction: Instruction): string;
}

const cache = new WeakMap<LoadedFile, ParsedDockerfile>();

/** Whether a repository file is a Dockerfile (Dockerfile, Dockerfile.prod, app.dockerfile, Containerfile). */
export function isDockerfile(filePath: string): boolean {
  return /^(Dockerfile|Containerfile)(\..+)?$|\.dockerfile$/i.test(path.posix.basename(filePath));
}

/** The Dockerfiles of the repository, parsed into stages, once per scan. */
export function dockerfilesOf(files: readonly LoadedFile[]): ParsedDockerfile[] {
  return files.filter((f) => isDockerfile(f.path)).map(parseDockerfile);
}

function parseDockerfile(file: LoadedFile): ParsedDockerfile {
  const cached = cache.get(file);
  if (cached) return cached;
  const dockerfile = DockerfileParser.parse(file.text);
  const globalArgs = new Map<string, string | undefined>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) globalArgs.set(property.getName(), property.getValue() ?? undefined);
  }
  const stages: DockerStage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      const from = instruction as From;
      const stageName = from.getBuildStage()?.toLowerCase();
      const raw = from.getImage() ?? "";
      const image = substitute(raw, globalArgs);
      const base = image ? stages.find((s) => s.name === image.toLowerCase()) : undefined;
      stages.push({ index: stages.length, ...(stageName ? { name: stageName } : {}), from, line: from.getRange().start.line + 1, ...(image ? { image } : {}), ...(base ? { base } : {}), instructions: [] });
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  const lines = file.text.split(/\r?\n/);
  const parsed: ParsedDockerfile = {
    file,
    dockerfile,
    stages,
    globalArgs,
    lineOf: (position) => position.line + 1,
    textOf: (instruction) => {
      const range = instruction.getRange();
      return lines.slice(range.start.line, range.end.line + 1).join("\n");
    },
  };
  cache.set(file, parsed);
  return parsed;
}

/** `${NAME}`, `${NAME:-default}` and `$NAME` replaced by build-argument defaults; undefined when one has none. */
function substitute(text: string, args: ReadonlyMap<string, string | undefined>): string | undefined {
  let unresolved = false;
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = args.get((braced ?? bare) as string) ?? fallback;
    if (value === undefined) unresolved = true;
    return value ?? "";
  });
  return unresolved || !out ? undefined : out;
}
