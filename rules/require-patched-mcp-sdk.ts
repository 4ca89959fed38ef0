import semver from "semver";
import { createRule, type RuleContext, type ts } from "../src/rule-api/index.js";
import { lockfileFor } from "../src/rule-api/repo/lockfile-for.js";
import { lockfilesOf } from "../src/rule-api/repo/lockfiles.js";
import { packageManifests } from "../src/rule-api/repo/package-manifests.js";
import { lowestVersion } from "../src/rule-api/sdk-version.js";

const SDK = "@modelcontextprotocol/sdk";

/** Fixed versions of the SDK's security advisories, oldest first. */
const ADVISORIES = [
  { id: "CVE-2025-66414", fixed: "1.24.0", what: "DNS-rebinding protection is off by default on HTTP transports", reaches: "http" },
  { id: "CVE-2026-0621", fixed: "1.25.2", what: "UriTemplate matching can be driven into catastrophic regex backtracking (ReDoS)", reaches: "templates" },
  { id: "GHSA-345p-7cg4-v4c7", fixed: "1.26.0", what: "a server or transport instance shared between clients can leak one client's responses to another", reaches: "http" },
] as const;
const LATEST_FLOOR = ADVISORIES[ADVISORIES.length - 1]?.fixed ?? "1.26.0";

export default createRule({
  id: "require-patched-mcp-sdk",
  meta: {
    description: "Depend on a version of @modelcontextprotocol/sdk that has the published security fixes",
    severity: "high",
    confidence: "high",
    checklist: ["SUPPLY-1"],
    cwe: ["CWE-1395"],
    messages: {
      vulnerableSdk:
        "`@modelcontextprotocol/sdk` resolves to {{version}} ({{source}}), which misses the fixes for {{count}}: {{advisories}}. Upgrade to `^{{floor}}` or later and commit the updated lockfile.",
      vulnerableRange:
        "`@modelcontextprotocol/sdk` is declared as `{{spec}}` ({{source}}), and no version that range allows has the fixes for {{count}}: {{advisories}}. Upgrade to `^{{floor}}` or later and commit a lockfile.",
      rangeAdmitsVulnerable:
        "`@modelcontextprotocol/sdk` is declared as `{{spec}}` ({{source}}): a fresh install takes the newest release it allows, which has the fixes, but the range still admits versions down to {{version}} that miss {{count}}: {{advisories}}. Raise the floor to `^{{floor}}` and commit a lockfile so that every install has them.",
    },
    docs: {
      rationale:
        "The MCP TypeScript SDK has shipped security fixes that only help servers that upgrade: before 1.24.0 HTTP servers had DNS-rebinding protection off by default, so a web page could drive a local server's tools (CVE-2025-66414); before 1.25.2 resource-template matching could be stalled with a crafted URI (CVE-2026-0621); before 1.26.0 a server or transport reused across clients could send one client's responses to another (GHSA-345p-7cg4-v4c7). The version that matters is the one installed: the lockfile's, or without one the newest the declared range allows. A range that still admits unpatched versions is reported at low even then: a fresh install has the fixes, but an older install or a consumer's lockfile may not. The finding is high while DNS rebinding is open on an HTTP server, since any web page can then reach the tools, and medium when the open advisories need a connected client. A package that serves MCP only over stdio, with no resource templates (or uses the SDK only as a client), is reported at low: none of these advisories reach it, but the next one may.",
      remediation:
        "Raise the dependency to `^1.26.0` or later (`npm install @modelcontextprotocol/sdk@^1.26.0`), commit the updated lockfile, and let Dependabot or Renovate keep it current. Review the release notes of the versions you skip: the newer SDK enables DNS-rebinding protection and rejects shared transports, which may need small changes in how the server is created.",
      examples: {
        bad: [
          "// file: package.json",
          "// {",
          '//   "name": "calendar-mcp",',
          '//   "dependencies": { "@modelcontextprotocol/sdk": "^1.12.0" }',
          "// }",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "calendar", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: package.json",
          "// {",
          '//   "name": "calendar-mcp",',
          '//   "dependencies": { "@modelcontextprotocol/sdk": "^1.26.0" }',
          "// }",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "calendar", version: "1.0.0" });',
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/1395.html",
      "https://nvd.nist.gov/vuln/detail/CVE-2025-66414",
      "https://nvd.nist.gov/vuln/detail/CVE-2026-0621",
      "https://github.com/modelcontextprotocol/typescript-sdk/security/advisories/GHSA-345p-7cg4-v4c7",
    ],
  },
  create(context) {
    return {
      check() {
        const manifests = packageManifests(context.auxiliaryFiles);
        const locks = lockfilesOf(context.auxiliaryFiles);
        for (const manifest of manifests) {
          // Peer ranges are the consumer's choice; the installing project is judged, not the library.
          const dep = manifest.dependencies.find((d) => d.name === SDK && d.field !== "peerDependencies");
          if (!dep || /^(workspace:|link:|file:)/.test(dep.spec)) continue;
          const match = lockfileFor(manifest, locks, manifests);
          const locked = match?.lock?.versionFor(match.importer, SDK, dep.spec);
          const lockedRaw = locked ? (semver.valid(locked) ?? semver.coerce(locked)?.version) : undefined;
          // A locked version outside the declared range is a stale lockfile (require-lockfile reports it): the next install re-resolves.
          const lockedVersion = lockedRaw && (!semver.validRange(dep.spec) || semver.satisfies(lockedRaw, dep.spec, { includePrerelease: true })) ? lockedRaw : undefined;
          const version = lockedVersion ?? lowestVersion(dep.spec);
          if (!version) continue;
          const open = ADVISORIES.filter((a) => semver.lt(version, a.fixed));
          if (!open.length) continue;
          // Unpinned, each install takes the newest release the range allows: only fixes the range cannot reach are missed.
          const pinned = !!lockedVersion || (!!match && !match.lock);
          const missed = pinned ? open : open.filter((a) => !semver.intersects(dep.spec, `>=${a.fixed}`, { includePrerelease: true }));
          const listed = missed.length ? missed : open;
          const advisories = listed.map((a) => `${a.id} (fixed in ${a.fixed}: ${a.what})`).join("; ");
          const count = listed.length === 1 ? "1 advisory" : `${listed.length} advisories`;
          const source = lockedVersion && match?.lock ? `locked in ${match.lock.file.path}` : match && !match.lock ? `the lowest version \`${dep.spec}\` allows; ${match.path} is binary and was not read` : unpinnedWhy(lockedRaw, !!match?.lock);
          // Each advisory is in the SDK's HTTP server transports or its resource templates: a package without what an
          // open advisory is in (stdio only, or the client alone) should still update, but is not exposed.
          const uses = sdkSurface(manifest.file.path, context);
          const reaching = missed.filter((a) => uses.has(a.reaches));
          const exposed = reaching.length > 0;
          // Only DNS rebinding lets any web page reach the tools; the rest need a client already connected.
          const severity = !exposed ? "low" : reaching.some((a) => a.id === "CVE-2025-66414") ? "high" : "medium";
          const messageId = pinned ? "vulnerableSdk" : missed.length ? "vulnerableRange" : "rangeAdmitsVulnerable";
          context.report({ location: { path: manifest.file.path, line: dep.line }, messageId, data: { version, spec: dep.spec, source, count, advisories, floor: LATEST_FLOOR }, severity, ...(exposed ? {} : { confidence: "low" as const }) });
        }
      },
    };
  },
});

/** Why the install is not pinned: no lockfile, no entry for the SDK in it, or an entry outside the declared range. */
function unpinnedWhy(lockedRaw: string | undefined, hasLock: boolean): string {
  if (lockedRaw) return `the lockfile's ${lockedRaw} is outside that range, so the next install re-resolves it`;
  return hasLock ? "the lockfile does not record it" : "no lockfile pins it";
}

/** Which parts of the SDK that advisories are in the package holding this manifest uses: HTTP transports, resource templates. */
function sdkSurface(manifestPath: string, context: RuleContext): Set<(typeof ADVISORIES)[number]["reaches"]> {
  const folder = manifestPath.includes("/") ? manifestPath.slice(0, manifestPath.lastIndexOf("/") + 1) : "";
  const inPackage = (node: ts.Node) => context.pathOf(node).startsWith(folder);
  const { transports, resources } = context.model;
  const uses = new Set<(typeof ADVISORIES)[number]["reaches"]>();
  if (transports.some((t) => t.kind !== "stdio" && inPackage(t.node))) uses.add("http");
  if (resources.some((r) => r.templated && inPackage(r.node))) uses.add("templates");
  return uses;
}
