import fs from "node:fs";
import path from "node:path";
import semver from "semver";
import { createRule, type RuleContext } from "../src/rule-api/index.js";
import { editDistance } from "../src/rule-api/repo/edit-distance.js";
import { packageManifests, type DependencyEntry, type PackageManifest } from "../src/rule-api/repo/package-manifests.js";
import { isSamplePackage } from "../src/rule-api/repo/sample-package.js";

/** Packages typosquatters imitate; a look-alike in another scope (or none) is flagged. */
const IMITATED = ["@modelcontextprotocol/sdk", "fastmcp"];
/** Protocols that install the monorepo's own code or defer to another manifest. */
const LOCAL_PROTOCOL = /^(workspace:|catalog:|portal:|patch:)/;
const GIT_SPEC = /^(git\+[a-z]+:|git:\/\/|git@|github:|gitlab:|bitbucket:|gist:)/i;
/** `user/repo` or `user/repo#ref`: npm's GitHub shorthand. */
const GITHUB_SHORTHAND = /^[A-Za-z0-9][\w.-]*\/[\w.-]+(#.*)?$/;
const FULL_SHA = /#([0-9a-f]{40})$/i;

export default createRule({
  id: "no-unpinned-dependencies",
  meta: {
    description: "Declare dependencies as registry version ranges, not tags, wildcards, git, URLs or look-alike names",
    severity: "medium",
    confidence: "high",
    checklist: ["SUPPLY-1", "SUPPLY-3"],
    cwe: ["CWE-829", "CWE-1357"],
    messages: {
      floatingSpec:
        "`{{name}}` is declared as `{{spec}}` in {{field}}: {{what}}, so a fresh install (or a lockfile refresh) takes whatever was published last, including a new major version or a hijacked release, without review. Declare a range of a version you have reviewed, such as `^1.2.3`, and let Dependabot or Renovate propose upgrades.",
      gitSpec:
        "`{{name}}` is installed from git (`{{spec}}`){{ref}}: git dependencies skip the registry's immutability and integrity checks, run their `prepare` script on install, and the repository owner can move or rewrite the ref. Depend on a published version; if git is unavoidable, pin a full 40-character commit SHA.",
      urlSpec:
        "`{{name}}` is installed from a tarball URL (`{{spec}}`){{http}}: the file behind the URL can change at any time and is not covered by the registry's checks. Depend on a published version from the registry.",
      fileOutside:
        "`{{name}}` points to `{{spec}}`, which is not a package in this repository: the install works only on machines that have that folder or file, and whatever is there is installed unchecked. Publish it, or move it into the workspace and use `workspace:`.",
      lookalikeName:
        "`{{name}}` looks like `{{target}}` ({{distance}} {{edits}} away) but is a different package: typosquats of popular MCP packages have shipped credential stealers. Check the name; the official package is `{{target}}`.",
    },
    docs: {
      rationale:
        "A version range of a published package gives the lockfile something stable to pin and Dependabot something to update. Wildcards and dist-tags (`*`, `latest`, `next`) accept any future release, so a hijacked maintainer account ships straight into the next install. Git, GitHub-shorthand and tarball dependencies bypass the registry's immutability and integrity metadata, run lifecycle scripts when they are built, and change whenever the branch moves. `file:` paths outside the repository build only on the author's machine. And a name one or two keystrokes away from `@modelcontextprotocol/sdk` or `fastmcp` is how typosquats get installed.",
      remediation:
        "Declare caret or tilde ranges of versions you have reviewed (`\"zod\": \"^3.25.0\"`), keep the lockfile committed, and let Dependabot or Renovate raise upgrades. Replace git and URL dependencies with published versions (or pin a full commit SHA when there is no alternative), use `workspace:` for the monorepo's own packages, and double-check any dependency whose name resembles a well-known package.",
      examples: {
        bad: [
          "// file: package.json",
          "// {",
          '//   "name": "tickets-mcp",',
          '//   "dependencies": {',
          '//     "@modelcontextprotocol/sdk": "latest",',
          '//     "jira-helpers": "github:someone/jira-helpers"',
          "//   }",
          "// }",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "tickets", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: package.json",
          "// {",
          '//   "name": "tickets-mcp",',
          '//   "dependencies": {',
          '//     "@modelcontextprotocol/sdk": "^1.26.0",',
          '//     "jira-helpers": "^2.4.1"',
          "//   }",
          "// }",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "tickets", version: "1.0.0" });',
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/829.html", "https://cwe.mitre.org/data/definitions/1357.html", "https://docs.npmjs.com/cli/v10/configuring-npm/package-json#dependencies"],
  },
  create(context) {
    return {
      check() {
        const manifests = packageManifests(context.auxiliaryFiles);
        const ownNames = new Set(manifests.map((m) => m.name).filter((n): n is string => n !== undefined));
        for (const manifest of manifests) {
          for (const dep of manifest.dependencies) checkDependency(context, manifest, dep, ownNames);
        }
      },
    };
  },
});

function checkDependency(context: RuleContext, manifest: PackageManifest, dep: DependencyEntry, ownNames: ReadonlySet<string>): void {
  const location = { path: manifest.file.path, line: dep.line };
  // `"alias": "npm:real-name@^1"` installs real-name: judge its name and range.
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)(?:@(.*))?$/.exec(dep.spec);
  const realName = alias ? (alias[1] as string) : dep.name;
  const spec = alias ? (alias[2] ?? "") : dep.spec;
  for (const name of new Set([dep.name, realName])) {
    const lookalike = lookalikeOf(name);
    if (lookalike) context.report({ location, messageId: "lookalikeName", data: { name, target: lookalike.target, distance: lookalike.distance, edits: lookalike.distance === 1 ? "edit" : "edits" }, severity: "high", confidence: "medium" });
  }
  // Peer ranges are the consumer's to satisfy: `*` there is the norm, and nothing is installed from them.
  if (dep.field === "peerDependencies" || LOCAL_PROTOCOL.test(spec)) return;
  if (ownNames.has(realName) && !/^(file:|link:|git|https?:)/.test(spec)) return;
  if (/^(file:|link:)/.test(spec)) {
    if (!insideRepository(manifest, spec.replace(/^(file|link):/, ""))) context.report({ location, messageId: "fileOutside", data: { name: dep.name, spec }, severity: "low" });
    return;
  }
  if (GIT_SPEC.test(spec) || (GITHUB_SHORTHAND.test(spec) && !spec.startsWith("@")) || /^https?:\/\/.*\.git(#.*)?$/.test(spec)) {
    const sha = FULL_SHA.exec(spec);
    context.report({ location, messageId: "gitSpec", data: { name: dep.name, spec: redact(spec), ref: sha ? ", pinned to a commit" : ", not pinned to a commit" }, severity: sha ? "low" : "medium" });
    return;
  }
  if (/^https?:\/\//i.test(spec)) {
    const http = spec.toLowerCase().startsWith("http:") ? ", over plain http that anyone on the path can tamper with" : "";
    context.report({ location, messageId: "urlSpec", data: { name: dep.name, spec: redact(spec), http }, severity: http ? "high" : "medium" });
    return;
  }
  // Scaffolding and demos float on purpose (`"latest"` in a template is what its users want).
  if (isSamplePackage(manifest)) return;
  const what = floating(spec);
  // Type packages ship declarations only, no code that runs: a floating one breaks builds, not machines.
  if (what) context.report({ location, messageId: "floatingSpec", data: { name: dep.name, spec: spec || '""', field: dep.field, what }, ...(realName.startsWith("@types/") ? { severity: "low" as const } : {}) });
}

/** Why a spec floats, or undefined for a bounded range. */
function floating(spec: string): string | undefined {
  if (spec === "" || spec === "*" || /^[xX]$/.test(spec)) return "it accepts any version";
  if (semver.validRange(spec)) return semver.satisfies("99999.0.0", spec) ? "the range has no upper bound" : undefined;
  if (/^[a-z][\w.-]*$/i.test(spec)) return `\`${spec}\` is a dist-tag that moves with every publish`;
  return undefined;
}

function lookalikeOf(name: string): { target: string; distance: number } | undefined {
  for (const target of IMITATED) {
    if (name === target) continue;
    const targetScope = target.startsWith("@") ? target.split("/")[0] : undefined;
    // The owner of a scope controls every name in it: @modelcontextprotocol/sdk-x is theirs, not a squat.
    if (targetScope && name.startsWith(`${targetScope}/`)) continue;
    const distance = editDistance(name.toLowerCase(), target, 2);
    if (distance <= 2) return { target, distance };
  }
  return undefined;
}

/** Whether a file:/link: target is a package folder (or a file) inside the scanned repository. */
function insideRepository(manifest: PackageManifest, target: string): boolean {
  const relative = path.posix.normalize(path.posix.join(manifest.dir, target));
  if (relative.startsWith("../") || relative === ".." || path.posix.isAbsolute(target) || /^~/.test(target)) return false;
  const rootAbs = manifest.file.absPath.slice(0, manifest.file.absPath.length - manifest.file.path.length);
  const abs = path.join(rootAbs, relative);
  return fs.existsSync(path.join(abs, "package.json")) || (fs.existsSync(abs) && fs.statSync(abs).isFile());
}

/** A URL without its credentials (`https://user:token@host` → `https://***@host`); `git@` is a login name, kept. */
function redact(spec: string): string {
  return spec.replace(/(\/\/)([^@/\s]+)@/, (m, slashes: string, user: string) => (user === "git" ? m : `${slashes}***@`));
}
