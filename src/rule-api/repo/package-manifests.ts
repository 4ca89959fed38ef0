import path from "node:path";
import { isScalar, type ParsedNode } from "yaml";
import type { LoadedFile } from "../../engine/load/types.js";
import { entriesOf, getNode, pairOf, parseYamlFile, textOf, type YamlFile } from "./yaml-file.js";

export type DependencyField = "dependencies" | "devDependencies" | "optionalDependencies" | "peerDependencies";

export interface DependencyEntry {
  name: string;
  /** The spec as written ("^1.2.0", "github:user/repo", "workspace:*", "" for an empty one). */
  spec: string;
  field: DependencyField;
  line: number;
}

export interface ScriptEntry {
  name: string;
  command: string;
  line: number;
}

/** A package.json read with lines. */
export interface PackageManifest {
  file: LoadedFile;
  /** Folder relative to the root ("." for the root). */
  dir: string;
  name?: string;
  /** The parsed object (empty when the file is not a JSON object). */
  json: Record<string, unknown>;
  dependencies: DependencyEntry[];
  scripts: ScriptEntry[];
  /** Workspace globs (npm, yarn, bun `workspaces`). */
  workspaces: string[];
  yaml: YamlFile;
  /** Line of a top-level key, or 1. */
  keyLine(key: string): number;
}

const FIELDS: readonly DependencyField[] = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"];
const cache = new WeakMap<readonly LoadedFile[], PackageManifest[]>();

/** Every package.json of the repository that parses as a JSON object, root first. */
export function packageManifests(files: readonly LoadedFile[]): PackageManifest[] {
  const cached = cache.get(files);
  if (cached) return cached;
  const out: PackageManifest[] = [];
  for (const file of files) {
    if (path.posix.basename(file.path) !== "package.json") continue;
    const manifest = readManifest(file);
    if (manifest) out.push(manifest);
  }
  out.sort((a, b) => (a.dir === "." ? -1 : b.dir === "." ? 1 : a.dir.localeCompare(b.dir)));
  cache.set(files, out);
  return out;
}

function readManifest(file: LoadedFile): PackageManifest | undefined {
  const yaml = parseYamlFile(file);
  const doc = yaml.docs[0];
  const root = doc?.contents;
  const json = doc?.toJS() as unknown;
  if (!root || typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const dependencies: DependencyEntry[] = [];
  for (const field of FIELDS) {
    for (const [name, value, pair] of entriesOf(getNode(root, field))) {
      const spec = textOf(value);
      // A non-string spec is a broken manifest the package manager rejects; there is nothing to judge.
      if (spec !== undefined || (isScalar(value) && value.value === "")) dependencies.push({ name, spec: (spec ?? "").trim(), field, line: yaml.lineOf(pair) });
    }
  }
  const scripts = entriesOf(getNode(root, "scripts")).map(([name, value, pair]) => ({ name, command: textOf(value) ?? "", line: yaml.lineOf(pair) }));
  const record = json as Record<string, unknown>;
  const ws = record.workspaces;
  const workspaces = (Array.isArray(ws) ? ws : isRecord(ws) && Array.isArray(ws.packages) ? ws.packages : []).filter((w): w is string => typeof w === "string");
  const dir = path.posix.dirname(file.path);
  return {
    file,
    dir,
    ...(typeof record.name === "string" ? { name: record.name } : {}),
    json: record,
    dependencies,
    scripts,
    workspaces,
    yaml,
    keyLine: (key: string) => yaml.lineOf(pairOf(root as ParsedNode, key)),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
