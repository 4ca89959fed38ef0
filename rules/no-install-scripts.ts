import { createRule, type RuleContext } from "../src/rule-api/index.js";
import { lockfilesOf, type LockEntry } from "../src/rule-api/repo/lockfiles.js";
import { npmrcSettings } from "../src/rule-api/repo/npmrc.js";
import { packageManifests, type PackageManifest, type ScriptEntry } from "../src/rule-api/repo/package-manifests.js";
import { remoteExecution, type RemoteExecution } from "../src/rule-api/repo/remote-execution.js";

/** Lifecycle scripts npm, pnpm, yarn and bun run on `install` in the package's own folder (or for its consumers). */
const INSTALL_HOOKS = new Set(["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare"]);
/**
 * Install scripts every JavaScript project carries and that only build or check what the package itself ships:
 * esbuild verifies its platform binary, fsevents compiles its bundled source, core-js prints a banner.
 */
const ROUTINE_INSTALL_SCRIPTS = new Set(["esbuild", "fsevents", "core-js", "core-js-pure"]);
const WHAT: Record<RemoteExecution["kind"], string> = {
  "pipe-to-shell": "pipes a download into an interpreter",
  download: "downloads from the network",
  "eval-fetch": "evaluates code that fetches from the network",
  "remote-package": "runs a package fetched from the registry at install time",
};

export default createRule({
  id: "no-install-scripts",
  meta: {
    description: "Keep install lifecycle scripts from downloading or running remote code, and know which dependencies run install scripts",
    severity: "high",
    confidence: "medium",
    checklist: ["SUPPLY-3"],
    cwe: ["CWE-829"],
    messages: {
      remoteInstallScript:
        "The `{{script}}` script {{what}} (`{{excerpt}}`){{via}}: it runs on every install of {{pkg}}, before anyone reviews what the URL serves today, with the installing user's permissions and CI secrets. Ship the code in the package (or download with a pinned checksum in an explicit build step), and keep install hooks to local, reviewed commands.",
      installScriptDependencies:
        "{{count}} {{packages}} in {{lockfile}} {{run}} install scripts ({{names}}): that code runs with your developers' and CI's permissions as soon as the dependency is installed. Check each one is expected, and install with `--ignore-scripts` (or allowlist builds with pnpm's `onlyBuiltDependencies` or bun's `trustedDependencies`) where the build does not need them.",
    },
    docs: {
      rationale:
        "npm runs `preinstall`, `install`, `postinstall` and `prepare` automatically. An install hook that pipes `curl` into a shell, fetches with `node -e`, or `npx`es a package that is not a dependency runs whatever the remote end serves that day — unpinned, unreviewed, with the user's files and the CI runner's secrets in reach. Compromised packages (ua-parser-js, the 2025 Shai-Hulud worm) spread through exactly these hooks. Dependencies with install scripts are the same risk one level down, so the lockfile's list of them is worth knowing and trimming.",
      remediation:
        "Keep install hooks local: build steps over code in the repository, tools that are declared dependencies (`husky`, `tsc`). Move downloads into an explicit build step with a pinned version and checksum. Install in CI with `npm ci --ignore-scripts` where possible, and allowlist the dependencies that really need a build (pnpm `onlyBuiltDependencies`, bun `trustedDependencies`).",
      examples: {
        bad: [
          "// file: package.json",
          "// {",
          '//   "name": "browser-mcp",',
          '//   "scripts": { "postinstall": "curl -fsSL https://example.com/install-driver.sh | sh" }',
          "// }",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "browser", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: package.json",
          "// {",
          '//   "name": "browser-mcp",',
          '//   "scripts": { "prepare": "husky && tsc -p tsconfig.json" },',
          '//   "devDependencies": { "husky": "^9.1.0", "typescript": "^5.8.0" }',
          "// }",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "browser", version: "1.0.0" });',
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/829.html", "https://docs.npmjs.com/cli/v10/using-npm/scripts#life-cycle-scripts", "https://pnpm.io/settings#onlybuiltdependencies"],
  },
  create(context) {
    return {
      check() {
        for (const manifest of packageManifests(context.auxiliaryFiles)) checkHooks(context, manifest);
        // `ignore-scripts=true` in .npmrc already stops dependencies' scripts.
        const ignoresScripts = npmrcSettings(context.auxiliaryFiles).some(({ settings }) => settings.some((s) => s.name === "ignore-scripts" && s.value === "true"));
        if (ignoresScripts) return;
        for (const lock of lockfilesOf(context.auxiliaryFiles)) {
          const withScripts = lock.entries.filter((e) => e.installScript && !ROUTINE_INSTALL_SCRIPTS.has(e.name));
          if (!withScripts.length) continue;
          const names = [...new Set(withScripts.map((e) => e.name))].sort();
          const shown = names.slice(0, 8).join(", ") + (names.length > 8 ? `, and ${names.length - 8} more` : "");
          const one = names.length === 1;
          const data = { count: names.length, packages: one ? "package" : "packages", run: one ? "runs" : "run", lockfile: lock.file.path, names: shown };
          context.report({ location: { path: lock.file.path, line: lock.lineOf(withScripts[0] as LockEntry) }, messageId: "installScriptDependencies", data, severity: "low", confidence: "high" });
        }
      },
    };
  },
});

function checkHooks(context: RuleContext, manifest: PackageManifest): void {
  const installed = new Set(manifest.dependencies.map((d) => d.name));
  const byName = new Map(manifest.scripts.map((s) => [s.name, s]));
  for (const hook of manifest.scripts.filter((s) => INSTALL_HOOKS.has(s.name))) {
    const found = inScript(hook, byName, installed, new Set());
    if (!found) continue;
    const via = found.script === hook ? "" : ` through \`npm run ${found.script.name}\``;
    const pkg = manifest.name ?? (manifest.dir === "." ? "the package" : manifest.dir);
    // A workspace root nobody installs as a package (`npx only-allow pnpm`) fetches a tool on contributors' machines only.
    const unpublished = manifest.json.private === true || !manifest.name;
    context.report({ location: { path: manifest.file.path, line: hook.line }, messageId: "remoteInstallScript", data: { script: hook.name, what: WHAT[found.remote.kind], excerpt: found.remote.excerpt, via, pkg }, ...(unpublished && found.remote.kind === "remote-package" ? { severity: "low" as const } : {}) });
  }
}

/** The remote execution in a script, or in the scripts it runs with `npm run x` / `pnpm x` / `yarn x` (one manifest, no cycles). */
function inScript(script: ScriptEntry, byName: ReadonlyMap<string, ScriptEntry>, installed: ReadonlySet<string>, seen: Set<string>): { script: ScriptEntry; remote: RemoteExecution } | undefined {
  if (seen.has(script.name)) return undefined;
  seen.add(script.name);
  const remote = remoteExecution(script.command, installed);
  if (remote) return { script, remote };
  for (const m of script.command.matchAll(/\b(?:npm|pnpm|yarn|bun)\s+(?:run(?:-script)?\s+)?([\w:.-]+)/g)) {
    const called = byName.get(m[1] as string);
    if (!called) continue;
    const found = inScript(called, byName, installed, seen);
    if (found) return found;
  }
  return undefined;
}
