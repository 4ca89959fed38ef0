import path from "node:path";
import { createRule, type RuleContext } from "../src/rule-api/index.js";
import { declaredRegistryHosts } from "../src/rule-api/repo/declared-registries.js";
import { lockfileFor, type LockfileMatch } from "../src/rule-api/repo/lockfile-for.js";
import { FIELD_PRECEDENCE, lockfilesOf, overriddenName, type LockEntry, type Lockfile } from "../src/rule-api/repo/lockfiles.js";
import { packageManifests, type DependencyEntry, type PackageManifest } from "../src/rule-api/repo/package-manifests.js";
import { resolvedKind } from "../src/rule-api/repo/registry-url.js";
import { readRepositoryFile } from "../src/rule-api/repo/repository-file.js";
import { isSamplePackage } from "../src/rule-api/repo/sample-package.js";

/** Specs that install nothing from a registry, so a lockfile has nothing to pin for them. */
const LOCAL_SPEC = /^(workspace:|link:|file:|portal:|catalog:)/;

export default createRule({
  id: "require-lockfile",
  meta: {
    description: "Commit a lockfile that matches the package manifest and pins every package by integrity hash",
    severity: "medium",
    confidence: "high",
    checklist: ["SUPPLY-1", "SUPPLY-2"],
    cwe: ["CWE-494"],
    messages: {
      missingLockfile:
        "{{pkg}} declares {{count}} dependencies but no lockfile is committed beside it or at its workspace root: every install resolves the version ranges afresh, so builds are not reproducible and a newly published (or hijacked) version is installed without review. Commit the lockfile your package manager writes (package-lock.json, pnpm-lock.yaml, yarn.lock or bun.lock) and install with `npm ci` or `--frozen-lockfile`.",
      notInLockfile:
        "{{pkg}} declares {{count}} dependencies but has no lockfile of its own, and {{lockfile}} does not list it as a workspace: its dependencies are resolved afresh on every install. Add the folder to the workspace and re-run the install, or commit a lockfile beside it.",
      lockfileOutOfSync:
        "{{lockfile}} does not match this package.json ({{differences}}): `npm ci` and `--frozen-lockfile` installs fail, and plain installs resolve these dependencies without the lockfile's pins. Run the install again and commit the updated lockfile.",
      missingIntegrity:
        "{{count}} {{entries}} in {{lockfile}} {{have}} no integrity hash (e.g. {{examples}}): the package manager cannot check that the tarball it downloads is the one that was locked. Regenerate the lockfile with a current package manager so every entry records `integrity`.",
      nonRegistryResolved:
        "{{count}} {{entries}} in {{lockfile}} {{are}} fetched from outside a package registry (e.g. {{examples}}): git and tarball URLs bypass the registry's immutability and integrity checks, and their content can change or disappear. Depend on published registry versions, or vendor the code into the repository.",
      plainHttpResolved:
        "{{count}} {{entries}} in {{lockfile}} {{are}} downloaded over plain http (e.g. {{examples}}): anyone on the network path can swap the tarball. Use the https registry URL and regenerate the lockfile.",
    },
    docs: {
      rationale:
        "A lockfile pins every package, direct and transitive, to one version and one integrity hash. Without it, or with one that no longer matches package.json, each install picks whatever the ranges allow that day: builds differ between machines, and a compromised release of any dependency (event-stream, ua-parser-js, the 2025 npm worm) lands in the server the moment it is published. Entries without an integrity hash, or fetched from git, arbitrary tarball URLs or plain http, cannot be verified at all. MCP servers run with the user's credentials and filesystem, so what gets installed is what gets those powers.",
      remediation:
        "Commit the lockfile of your package manager next to the root package.json (workspaces share the root one), keep it in sync by re-running the install whenever package.json changes, and install with `npm ci`, `pnpm install --frozen-lockfile`, `yarn install --immutable` or `bun install --frozen-lockfile` in CI and Dockerfiles. Regenerate old lockfiles so every entry has `integrity`, and depend on registry versions rather than git or tarball URLs.",
      examples: {
        bad: [
          "// file: package.json",
          "// {",
          '//   "name": "weather-mcp",',
          '//   "dependencies": { "@modelcontextprotocol/sdk": "^1.26.0", "zod": "^3.25.0" }',
          "// }",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "weather", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: package.json",
          "// {",
          '//   "name": "weather-mcp",',
          '//   "dependencies": { "zod": "^3.25.0" }',
          "// }",
          "// file: package-lock.json",
          "// {",
          '//   "name": "weather-mcp",',
          '//   "lockfileVersion": 3,',
          '//   "packages": {',
          '//     "": { "name": "weather-mcp", "dependencies": { "zod": "^3.25.0" } },',
          '//     "node_modules/zod": {',
          '//       "version": "3.25.76",',
          '//       "resolved": "https://registry.npmjs.org/zod/-/zod-3.25.76.tgz",',
          '//       "integrity": "sha512-…"',
          "//     }",
          "//   }",
          "// }",
          'import { z } from "zod";',
          "export const City = z.object({ name: z.string().max(80) });",
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/494.html", "https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json", "https://docs.npmjs.com/cli/v10/commands/npm-ci"],
  },
  create(context) {
    return {
      check() {
        const manifests = packageManifests(context.auxiliaryFiles);
        const locks = lockfilesOf(context.auxiliaryFiles);
        const ownNames = new Set(manifests.map((m) => m.name).filter((n): n is string => n !== undefined));
        for (const manifest of manifests) {
          const installed = manifest.dependencies.filter((d) => d.field !== "peerDependencies");
          if (!installed.length) continue;
          const match = lockfileFor(manifest, locks, manifests);
          if (!match) {
            if (isSamplePackage(manifest) || vendorsDependencies(manifest) || copiesEnclosingPackage(manifest, manifests)) continue;
            const first = installed[0] as DependencyEntry;
            const ancestor = locks.find((l) => l.dir === "." || manifest.dir.startsWith(`${l.dir}/`));
            const data = { pkg: describe(manifest), count: installed.length, lockfile: ancestor?.file.path ?? "" };
            context.report({ location: { path: manifest.file.path, line: manifest.keyLine(first.field) }, messageId: ancestor ? "notInLockfile" : "missingLockfile", data });
            continue;
          }
          reportOutOfSync(context, manifest, installed, match, ownNames, manifests);
        }
        const registries = declaredRegistryHosts(context.auxiliaryFiles);
        for (const lock of locks) {
          // An unreadable lockfile is not judged: our reader may lag a new format, and the package manager will complain itself.
          if (lock.error) continue;
          reportEntries(context, lock, registries);
        }
      },
    };
  },
});

function reportOutOfSync(context: RuleContext, manifest: PackageManifest, installed: DependencyEntry[], match: LockfileMatch, ownNames: ReadonlySet<string>, manifests: readonly PackageManifest[]): void {
  const lock = match.lock;
  if (!lock || lock.error) return;
  // Overrides live in the workspace root's package.json and apply to every member.
  const workspaceRoot = manifests.find((m) => m.dir === lock.dir);
  const overrides = new Set([...overriddenNames(manifest), ...(workspaceRoot ? overriddenNames(workspaceRoot) : [])]);
  const differences: { dep: DependencyEntry; text: string }[] = [];
  const importer = lock.importers?.get(match.importer);
  if (lock.importers && !importer) {
    const first = installed[0] as DependencyEntry;
    differences.push({ dep: first, text: `the lockfile has no entry for the workspace ${match.importer}` });
  } else {
    // A name listed in several fields installs by the one its package manager ranks first: the others are never resolved.
    const order: readonly string[] = lock.kind === "yarn" ? [] : FIELD_PRECEDENCE[lock.kind];
    const outranked = (dep: DependencyEntry) => installed.some((other) => other.name === dep.name && order.indexOf(other.field) < order.indexOf(dep.field));
    for (const dep of installed) {
      if (LOCAL_SPEC.test(dep.spec) || overrides.has(dep.name) || lock.overridden.has(dep.name)) continue;
      if (importer) {
        if (outranked(dep)) continue;
        if (!importer.has(dep.name)) differences.push({ dep, text: `${dep.name} is missing from it` });
        else {
          const recorded = importer.get(dep.name);
          if (recorded !== undefined && recorded !== dep.spec) differences.push({ dep, text: `${dep.name} is ${dep.spec} here but ${recorded} there` });
        }
      } else if (lock.descriptors && !ownNames.has(dep.name)) {
        // Yarn keys entries by descriptor: a changed range has no "name@range" key yet.
        if ([...lock.descriptors].some((d) => d === `${dep.name}@${dep.spec}` || d === `${dep.name}@npm:${dep.spec}`)) continue;
        const known = [...lock.descriptors].some((d) => d.startsWith(`${dep.name}@`));
        if (!known) differences.push({ dep, text: `${dep.name} is missing from it` });
        else if (isPlainRange(dep.spec)) differences.push({ dep, text: `${dep.name}@${dep.spec} is not locked` });
      }
    }
  }
  if (!differences.length) return;
  const shown = differences.slice(0, 3).map((d) => d.text).join("; ");
  const more = differences.length > 3 ? `; and ${differences.length - 3} more` : "";
  const line = (differences[0] as { dep: DependencyEntry }).dep.line;
  context.report({ location: { path: manifest.file.path, line }, messageId: "lockfileOutOfSync", data: { lockfile: match.path, differences: shown + more } });
}

function reportEntries(context: RuleContext, lock: Lockfile, registries: ReadonlySet<string>): void {
  const noIntegrity: LockEntry[] = [];
  const outside: LockEntry[] = [];
  const plainHttp: LockEntry[] = [];
  for (const entry of lock.entries) {
    if (entry.local) continue;
    const kind = entry.resolved === undefined ? "registry" : resolvedKind(entry.resolved, registries);
    if (kind === "plain-http") plainHttp.push(entry);
    else if (kind === "non-registry") outside.push(entry);
    else if (!entry.integrity && !entry.platformOnly) noIntegrity.push(entry);
  }
  const report = (entries: LockEntry[], messageId: string, severity: "high" | "medium" | "low") => {
    if (!entries.length) return;
    const names = [...new Set(entries.map((e) => (e.version && /^\d/.test(e.version) ? `${e.name}@${e.version}` : e.name)))];
    const examples = names.slice(0, 3).join(", ") + (names.length > 3 ? ", …" : "");
    const one = entries.length === 1;
    const data = { count: entries.length, entries: one ? "entry" : "entries", have: one ? "has" : "have", are: one ? "is" : "are", lockfile: lock.file.path, examples };
    context.report({ location: { path: lock.file.path, line: lock.lineOf(entries[0] as LockEntry) }, messageId, data, severity });
  };
  report(plainHttp, "plainHttpResolved", "high");
  report(outside, "nonRegistryResolved", "low");
  report(noIntegrity, "missingIntegrity", "medium");
}

/** Names whose installed version an override, resolution or pnpm override decides rather than the spec. */
function overriddenNames(manifest: PackageManifest): Set<string> {
  const json = manifest.json;
  const pnpm = json.pnpm as Record<string, unknown> | undefined;
  const sources = [json.overrides, json.resolutions, pnpm?.overrides];
  const names = new Set<string>();
  for (const source of sources) {
    if (typeof source !== "object" || source === null) continue;
    for (const key of Object.keys(source)) names.add(overriddenName(key));
  }
  return names;
}

/**
 * Whether a package ships every runtime dependency in its own node_modules (a vendored, prebuilt package loaded by path):
 * nothing installs there. The loader skips node_modules, so the folders are looked up on disk, inside the root.
 */
function vendorsDependencies(manifest: PackageManifest): boolean {
  const runtime = manifest.dependencies.filter((d) => d.field === "dependencies" && !LOCAL_SPEC.test(d.spec));
  return runtime.length > 0 && runtime.every((d) => readRepositoryFile(manifest.file, path.posix.join(manifest.dir, "node_modules", d.name, "package.json")) !== undefined);
}

/**
 * Whether a package.json in a package's src/ folder is a stray copy of that package's own (same name, each dependency
 * declared there alike): nothing installs from it, and the package itself is judged.
 */
function copiesEnclosingPackage(manifest: PackageManifest, manifests: readonly PackageManifest[]): boolean {
  return manifests.some(
    (outer) =>
      outer.name === manifest.name &&
      manifest.name !== undefined &&
      manifest.dir.startsWith(outer.dir === "." ? "src/" : `${outer.dir}/src/`) &&
      manifest.dependencies.every((d) => outer.dependencies.some((o) => o.name === d.name && o.field === d.field && o.spec === d.spec)),
  );
}

function isPlainRange(spec: string): boolean {
  return /^[\^~<>=\d*xX]/.test(spec);
}

function describe(manifest: PackageManifest): string {
  const where = manifest.dir === "." ? "the root package.json" : `${manifest.dir}/package.json`;
  return manifest.name ? `${manifest.name} (${where})` : where;
}
