import fs from "node:fs";
import path from "node:path";
import { minimatch } from "minimatch";
import semver from "semver";
import type { Lockfile } from "./lockfiles.js";
import type { PackageManifest } from "./package-manifests.js";

/** The lockfile that pins a package's dependencies, and the importer (the package's folder relative to it). */
export interface LockfileMatch {
  /** Undefined for a binary bun.lockb, which the scan does not read. */
  lock?: Lockfile;
  /** Path (relative to the root) of the lockfile, readable or not. */
  path: string;
  importer: string;
  /** Whether the lockfile records anything for this importer (false: a workspace added after the lockfile was written). */
  covered: boolean;
}

/**
 * The lockfile in the package's folder, or in an ancestor folder whose lockfile lists the package as an importer or whose
 * package.json declares it a workspace member; undefined when there is none.
 */
export function lockfileFor(manifest: PackageManifest, locks: readonly Lockfile[], manifests: readonly PackageManifest[]): LockfileMatch | undefined {
  const rootAbs = manifest.file.absPath.slice(0, manifest.file.absPath.length - manifest.file.path.length);
  const manager = declaredManager(manifest, manifests);
  for (let dir = manifest.dir; ; dir = path.posix.dirname(dir)) {
    // A leftover package-lock.json beside the pnpm-lock.yaml that "packageManager" names is not the one installs use;
    // without that field, a stale one is told by the ranges it no longer satisfies.
    const importerHere = path.posix.relative(dir === "." ? "" : dir, manifest.dir) || ".";
    const agreement = (l: Lockfile) => manifest.dependencies.filter((d) => satisfiedBy(l.versionFor(importerHere, d.name, d.spec), d.spec)).length;
    const here = locks.filter((l) => l.dir === dir).sort((a, b) => Number(b.kind === manager) - Number(a.kind === manager) || (manager === undefined ? agreement(b) - agreement(a) : 0));
    const binary = path.posix.join(dir, "bun.lockb");
    // bun.lockb is binary, so the loader does not read it; its presence is enough to know dependencies are locked.
    const hasBinary = fs.existsSync(path.join(rootAbs, binary));
    if (dir === manifest.dir) {
      const lock = here[0];
      if (lock) return { lock, path: lock.file.path, importer: ".", covered: true };
      if (hasBinary) return { path: binary, importer: ".", covered: true };
    } else {
      const importer = path.posix.relative(dir === "." ? "" : dir, manifest.dir);
      const listed = here.find((l) => l.importers?.has(importer));
      if (listed) return { lock: listed, path: listed.file.path, importer, covered: true };
      const owner = manifests.find((m) => m.dir === dir);
      const member = owner?.workspaces.some((glob) => minimatch(importer, glob.replace(/^\.\//, "").replace(/\/$/, "")));
      if (member && here[0]) return { lock: here[0], path: here[0].file.path, importer, covered: here[0].importers === undefined };
      if (member && hasBinary) return { path: binary, importer, covered: true };
    }
    if (dir === ".") return undefined;
  }
}

function satisfiedBy(version: string | undefined, spec: string): boolean {
  const exact = version && (semver.valid(version) ?? semver.coerce(version)?.version);
  return !!exact && !!semver.validRange(spec) && semver.satisfies(exact, spec, { includePrerelease: true });
}

/** The package manager `"packageManager": "pnpm@9.1.0"` names, in the package or the repository's root package. */
function declaredManager(manifest: PackageManifest, manifests: readonly PackageManifest[]): string | undefined {
  const field = [manifest, ...manifests.filter((m) => m.dir === ".")].map((m) => m.json.packageManager).find((v) => typeof v === "string");
  return typeof field === "string" ? field.split("@")[0] : undefined;
}
