import path from "node:path";
import { loadAll as loadAllYaml } from "js-yaml";
import type { LoadedFile } from "../../engine/load/types.js";
import type { DependencyField } from "./package-manifests.js";
import { parseRelaxedJson } from "./relaxed-json.js";
import { parseYarnClassicLock } from "./yarn-classic-lock.js";

export type LockfileKind = "npm" | "pnpm" | "yarn" | "bun";

export const LOCKFILE_NAMES: Readonly<Record<string, LockfileKind>> = {
  "package-lock.json": "npm",
  "npm-shrinkwrap.json": "npm",
  "pnpm-lock.yaml": "pnpm",
  "yarn.lock": "yarn",
  "bun.lock": "bun",
};

/**
 * The field whose spec a package manager installs when package.json lists a name in several, first listed winning:
 * npm's arborist adds peer, prod, optional then dev edges, each replacing the last; pnpm ranks optional over prod
 * over dev; bun keeps the first it reads and warns about the rest. Yarn resolves every listed range.
 */
export const FIELD_PRECEDENCE: Readonly<Record<Exclude<LockfileKind, "yarn">, readonly DependencyField[]>> = {
  npm: ["devDependencies", "optionalDependencies", "dependencies", "peerDependencies"],
  pnpm: ["optionalDependencies", "dependencies", "devDependencies", "peerDependencies"],
  bun: ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"],
};

/** One resolved package in a lockfile. */
export interface LockEntry {
  name: string;
  version?: string;
  /** The integrity hash (npm, pnpm, bun), checksum (yarn berry) or sha1 fragment (yarn classic). */
  integrity?: string;
  /** Where the package is fetched from, when the lockfile says. */
  resolved?: string;
  /** Yarn berry keeps no checksum for a package only other platforms install (`conditions: os=darwin`): none is missing. */
  platformOnly?: boolean;
  /** Links, workspace members and local folders: nothing is downloaded. */
  local: boolean;
  installScript: boolean;
  /** Text to find the entry's line by. */
  needles: string[];
}

/** A lockfile read into what the rules need, whatever its format. */
export interface Lockfile {
  file: LoadedFile;
  kind: LockfileKind;
  /** Folder relative to the root. */
  dir: string;
  /**
   * Package folders it covers, relative to its folder ("." for its own), each with the spec recorded for every
   * dependency (undefined where the format keeps names only). Undefined when the format records no importers (yarn).
   */
  importers?: Map<string, Map<string, string | undefined>>;
  /** Yarn: every descriptor ("foo@^1.0.0", "foo@npm:^1.0.0") the lockfile resolves. */
  descriptors?: Set<string>;
  entries: LockEntry[];
  /** Packages the lockfile's own `overrides` pin (pnpm, bun): their recorded spec is the override, not package.json's. */
  overridden: Set<string>;
  /** The version a dependency of an importer resolves to (yarn: by descriptor, so give the spec). */
  versionFor(importer: string, name: string, spec?: string): string | undefined;
  /** 1-based line of an entry, or 1. */
  lineOf(entry: LockEntry): number;
  /** Set when the file could not be read; the other fields are then empty. */
  error?: string;
}

const cache = new WeakMap<LoadedFile, Lockfile>();

/** The lockfiles among the repository files, each parsed once per scan. */
export function lockfilesOf(files: readonly LoadedFile[]): Lockfile[] {
  return files.filter((f) => LOCKFILE_NAMES[path.posix.basename(f.path)]).map(readLockfile);
}

export function readLockfile(file: LoadedFile): Lockfile {
  const cached = cache.get(file);
  if (cached) return cached;
  const kind = LOCKFILE_NAMES[path.posix.basename(file.path)] as LockfileKind;
  const base = { file, kind, dir: path.posix.dirname(file.path), entries: [] as LockEntry[], overridden: new Set<string>(), lineOf: lineFinder(file.text) };
  let lock: Lockfile;
  try {
    lock = kind === "npm" ? readNpm(base) : kind === "pnpm" ? readPnpm(base) : kind === "bun" ? readBun(base) : readYarn(base);
  } catch (error) {
    lock = { ...base, versionFor: () => undefined, error: error instanceof Error ? error.message : String(error) };
  }
  cache.set(file, lock);
  return lock;
}

type Base = Pick<Lockfile, "file" | "kind" | "dir" | "entries" | "overridden" | "lineOf">;

function readNpm(base: Base): Lockfile {
  const data = record(JSON.parse(base.file.text));
  const packages = record(data.packages);
  const importers = new Map<string, Map<string, string | undefined>>();
  if (data.packages !== undefined) {
    for (const [key, raw] of Object.entries(packages)) {
      const value = record(raw);
      if (!key.includes("node_modules/")) {
        importers.set(key === "" ? "." : key, specsOf(value, FIELD_PRECEDENCE.npm));
        continue;
      }
      // An empty entry (a folder npm recorded with no version or source) installs nothing.
      if (Object.keys(value).length === 0) continue;
      const name = typeof value.name === "string" ? value.name : key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
      const resolved = str(value.resolved);
      base.entries.push({
        name,
        ...(str(value.version) !== undefined ? { version: str(value.version) } : {}),
        ...(str(value.integrity) !== undefined ? { integrity: str(value.integrity) } : {}),
        ...(resolved !== undefined ? { resolved } : {}),
        // Bundled packages come inside their parent's tarball, covered by its integrity; "../pkg/node_modules/x" is a
        // linked sibling's own install, pinned by that package's lockfile.
        local: value.link === true || value.inBundle === true || (resolved?.startsWith("file:") ?? false) || key.startsWith("../"),
        installScript: value.hasInstallScript === true,
        needles: [`"${key}": {`],
      });
    }
  } else {
    // lockfileVersion 1: a tree of `dependencies`, names and versions only at the root.
    const walk = (deps: Record<string, unknown>, level: number) => {
      for (const [name, raw] of Object.entries(deps)) {
        const value = record(raw);
        const resolved = str(value.resolved);
        const version = str(value.version);
        base.entries.push({
          name,
          ...(version !== undefined ? { version } : {}),
          ...(str(value.integrity) !== undefined ? { integrity: str(value.integrity) } : {}),
          ...(resolved !== undefined ? { resolved } : {}),
          local: value.bundled === true || (version?.startsWith("file:") ?? false) || (version?.startsWith("link:") ?? false),
          installScript: false,
          needles: [`\n${" ".repeat(4 + 4 * level)}"${name}": {`],
        });
        if (value.dependencies) walk(record(value.dependencies), level + 1);
      }
    };
    walk(record(data.dependencies), 0);
    importers.set(".", new Map(Object.keys(record(data.dependencies)).map((n) => [n, undefined])));
  }
  const versionFor = (importer: string, name: string): string | undefined => {
    const keys = importer === "." ? [`node_modules/${name}`] : [`${importer}/node_modules/${name}`, `node_modules/${name}`];
    if (data.packages === undefined) return str(record(record(data.dependencies)[name]).version);
    for (const key of keys) {
      const entry = record(packages[key]);
      if (entry.link === true && typeof entry.resolved === "string") return str(record(packages[entry.resolved]).version);
      const version = str(entry.version);
      if (version !== undefined) return version;
    }
    return undefined;
  };
  return { ...base, importers, versionFor };
}

function readPnpm(base: Base): Lockfile {
  const data = record(readLockYaml(base.file));
  const importerData = data.importers ? record(data.importers) : { ".": data };
  for (const key of Object.keys(record(data.overrides))) base.overridden.add(overriddenName(key));
  const importers = new Map<string, Map<string, string | undefined>>();
  const versions = new Map<string, Map<string, string>>();
  for (const [importer, raw] of Object.entries(importerData)) {
    const value = record(raw);
    const specs = new Map<string, string | undefined>();
    const resolvedVersions = new Map<string, string>();
    const legacySpecs = record(value.specifiers);
    for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
      for (const [name, dep] of Object.entries(record(value[field]))) {
        // lockfile v6+: { specifier, version }; v5: a version string, specs in `specifiers`.
        const spec = typeof dep === "object" && dep !== null ? str(record(dep).specifier) : str(legacySpecs[name]);
        const version = typeof dep === "object" && dep !== null ? str(record(dep).version) : str(dep);
        specs.set(name, spec);
        if (version !== undefined) resolvedVersions.set(name, version.replace(/[(_].*$/, ""));
      }
    }
    importers.set(importer === "" ? "." : importer, specs);
    versions.set(importer === "" ? "." : importer, resolvedVersions);
  }
  for (const [key, raw] of Object.entries(record(data.packages))) {
    const value = record(raw);
    const resolution = record(value.resolution);
    const { name, version } = splitPnpmKey(key);
    const tarball = str(resolution.tarball);
    const repo = str(resolution.repo);
    const resolved = tarball ?? (repo ? `${repo}#${str(resolution.commit) ?? ""}` : undefined);
    base.entries.push({
      name: str(value.name) ?? name,
      ...(version !== undefined ? { version } : {}),
      ...(str(resolution.integrity) !== undefined ? { integrity: str(resolution.integrity) } : {}),
      ...(resolved !== undefined ? { resolved } : {}),
      local: resolution.directory !== undefined || resolution.type === "directory" || (tarball?.startsWith("file:") ?? false),
      installScript: value.requiresBuild === true,
      needles: [`\n  ${key}:`, `\n  '${key}':`, `\n  "${key}":`],
    });
  }
  return { ...base, importers, versionFor: (importer, name) => versions.get(importer)?.get(name) };
}

/** "/@scope/name@1.2.3(peer@1)" (v6+), "/name/1.2.3_peer@1" (v5), "name@1.2.3" (v9) → name and version. */
function splitPnpmKey(key: string): { name: string; version?: string } {
  const k = key.replace(/^\//, "").replace(/\(.*$/, "");
  const at = k.indexOf("@", 1);
  if (at > 0) return { name: k.slice(0, at), version: k.slice(at + 1) };
  const slash = k.startsWith("@") ? k.indexOf("/", k.indexOf("/") + 1) : k.indexOf("/");
  return slash > 0 ? { name: k.slice(0, slash), version: k.slice(slash + 1).replace(/_.*$/, "") } : { name: k };
}

function readBun(base: Base): Lockfile {
  const data = record(parseRelaxedJson(base.file.text));
  const importers = new Map<string, Map<string, string | undefined>>();
  for (const [key, raw] of Object.entries(record(data.workspaces))) {
    importers.set(key === "" ? "." : key, specsOf(record(raw), FIELD_PRECEDENCE.bun));
  }
  for (const key of Object.keys(record(data.overrides))) base.overridden.add(overriddenName(key));
  const trusted = new Set(Array.isArray(data.trustedDependencies) ? data.trustedDependencies.filter((n): n is string => typeof n === "string") : []);
  const packages = record(data.packages);
  const identOf = (key: string) => (Array.isArray(packages[key]) ? str((packages[key] as unknown[])[0]) : undefined);
  for (const [key, raw] of Object.entries(packages)) {
    if (!Array.isArray(raw)) continue;
    const ident = str(raw[0]) ?? "";
    const at = ident.indexOf("@", 1);
    const name = at > 0 ? ident.slice(0, at) : ident;
    const ref = at > 0 ? ident.slice(at + 1) : "";
    const isRemote = /^(github:|git\+|git:|https?:)/.test(ref);
    const integrity = raw.find((v, i) => i > 0 && typeof v === "string" && /^sha(1|256|384|512)-/.test(v)) as string | undefined;
    const registry = typeof raw[1] === "string" && raw[1] ? raw[1] : undefined;
    base.entries.push({
      name,
      ...(ref && !isRemote ? { version: ref } : {}),
      ...(integrity !== undefined ? { integrity } : {}),
      ...(isRemote ? { resolved: ref } : registry ? { resolved: registry } : {}),
      local: /^(workspace:|file:|link:|root:)/.test(ref),
      installScript: trusted.has(name),
      needles: [`"${key}": [`],
    });
  }
  const versionFor = (importer: string, name: string): string | undefined => {
    const wsName = str(record(record(data.workspaces)[importer === "." ? "" : importer]).name);
    const ident = (wsName ? identOf(`${wsName}/${name}`) : undefined) ?? identOf(name);
    return ident ? ident.slice(ident.indexOf("@", 1) + 1) : undefined;
  };
  return { ...base, importers, versionFor };
}

function readYarn(base: Base): Lockfile {
  const descriptors = new Set<string>();
  const byDescriptor = new Map<string, LockEntry>();
  const add = (names: string[], entry: LockEntry) => {
    base.entries.push(entry);
    for (const d of names) {
      descriptors.add(d);
      byDescriptor.set(d, entry);
    }
  };
  if (/^__metadata:/m.test(base.file.text)) {
    // Yarn berry: YAML with "name@npm:^1.0.0, name@npm:^1.1.0": { version, resolution, checksum }.
    for (const [key, raw] of Object.entries(record(readLockYaml(base.file)))) {
      if (key === "__metadata") continue;
      const value = record(raw);
      const names = key.split(/,\s*/);
      const resolution = str(value.resolution) ?? "";
      const at = resolution.indexOf("@", 1);
      const ref = at > 0 ? resolution.slice(at + 1) : "";
      const version = str(value.version);
      add(names, {
        name: at > 0 ? resolution.slice(0, at) : nameOfDescriptor(names[0] ?? ""),
        ...(version !== undefined ? { version } : {}),
        ...(str(value.checksum) !== undefined ? { integrity: str(value.checksum) } : {}),
        ...(str(value.conditions) !== undefined ? { platformOnly: true } : {}),
        ...(ref && !ref.startsWith("npm:") ? { resolved: ref.replace(/^[\w-]+@/, "") } : {}),
        local: /^(workspace:|portal:|link:|file:|patch:)/.test(ref) || ref.includes("@workspace:"),
        installScript: false,
        needles: [`\n"${key}":`, `\n${key}:`],
      });
    }
  } else {
    for (const e of parseYarnClassicLock(base.file.text)) {
      const resolved = e.fields.resolved;
      const sha1 = resolved?.split("#")[1];
      const integrity = e.fields.integrity ?? (sha1 && /^[0-9a-f]{40}$/.test(sha1) ? `sha1:${sha1}` : undefined);
      add(e.descriptors, {
        name: nameOfDescriptor(e.descriptors[0] ?? ""),
        ...(e.fields.version !== undefined ? { version: e.fields.version } : {}),
        ...(integrity !== undefined ? { integrity } : {}),
        ...(resolved !== undefined ? { resolved: resolved.split("#")[0] as string } : {}),
        local: resolved === undefined || resolved.startsWith("file:"),
        installScript: false,
        needles: [`__line:${e.line}`],
      });
    }
  }
  const versionFor = (_importer: string, name: string, spec?: string): string | undefined => {
    if (spec === undefined) return undefined;
    return (byDescriptor.get(`${name}@${spec}`) ?? byDescriptor.get(`${name}@npm:${spec}`))?.version;
  };
  return { ...base, descriptors, versionFor };
}

/** `a>b`, `**\/b` (yarn resolutions), `b@^1` → b: the package an override pins. */
export function overriddenName(key: string): string {
  const last = (key.split(">").pop() ?? key).replace(/^(\*\*\/)+/, "");
  const at = last.indexOf("@", 1);
  return at > 0 ? last.slice(0, at) : last;
}

function nameOfDescriptor(descriptor: string): string {
  const at = descriptor.indexOf("@", 1);
  return at > 0 ? descriptor.slice(0, at) : descriptor;
}

/** The spec recorded for each name, taken from the first of `fields` that lists it. */
function specsOf(value: Record<string, unknown>, fields: readonly string[]): Map<string, string | undefined> {
  const specs = new Map<string, string | undefined>();
  for (const field of fields) for (const [name, spec] of Object.entries(record(value[field]))) if (!specs.has(name)) specs.set(name, str(spec));
  return specs;
}

function lineFinder(text: string): (entry: LockEntry) => number {
  let starts: number[] | undefined;
  const lineAt = (offset: number) => {
    starts ??= [...text.matchAll(/\n/g)].map((m) => m.index ?? 0);
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  return (entry) => {
    for (const needle of entry.needles) {
      if (needle.startsWith("__line:")) return Number(needle.slice(7));
      const at = text.indexOf(needle);
      if (at >= 0) return lineAt(at + (needle.startsWith("\n") ? 1 : 0));
    }
    return 1;
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/**
 * Lockfiles run to megabytes and need no positions, so they take the fast loader rather than the Document parser.
 * pnpm 10 may put an environment document before the lockfile proper, so the last document with importers or packages wins.
 */
function readLockYaml(file: LoadedFile): unknown {
  let docs: unknown[];
  try {
    docs = loadAllYaml(file.text, undefined, { json: true });
  } catch (error) {
    throw new Error(`${path.posix.basename(file.path)} does not parse as YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
  return docs.findLast((d) => typeof d === "object" && d !== null && ("importers" in d || "packages" in d)) ?? docs[0];
}
