import fs from "node:fs";
import path from "node:path";
import { createRule } from "../src/rule-api/index.js";
import { packageManifests, type DependencyEntry, type PackageManifest } from "../src/rule-api/repo/package-manifests.js";
import { getNode, itemsOf, pairOf, parseYamlFile, textOf } from "../src/rule-api/repo/yaml-file.js";

/** Renovate config files the loader reads (renovate.json, renovate.json5, .github/renovate.json*). */
const RENOVATE_LOADED = /^(renovate\.json5?|\.github\/renovate\.json5?)$/;
/** Renovate config files the loader does not read; checked on disk at the root. */
const RENOVATE_UNLOADED = [".renovaterc", ".renovaterc.json", ".renovaterc.json5", ".gitlab/renovate.json", ".gitlab/renovate.json5"];
/** Dependabot ecosystems that update a JavaScript package's dependencies. */
const JS_ECOSYSTEMS = new Set(["npm", "bun"]);

export default createRule({
  id: "require-dependency-updates",
  meta: {
    description: "Configure Dependabot or Renovate to keep dependencies updated",
    severity: "low",
    confidence: "high",
    checklist: ["SUPPLY-1"],
    cwe: ["CWE-1104"],
    messages: {
      noUpdateTool:
        "The repository declares {{count}} dependencies but has no Dependabot (`.github/dependabot.yml`) or Renovate configuration: security fixes (such as the MCP SDK's) arrive only when someone remembers to upgrade. Add a `.github/dependabot.yml` with `package-ecosystem: npm` (and `github-actions`), or a `renovate.json`.",
      dependabotWithoutNpm:
        "{{file}} configures Dependabot only for {{ecosystems}}, not for the npm dependencies: their security fixes still wait for a manual upgrade. Add an `updates` entry with `package-ecosystem: npm` for the folder holding package.json.",
    },
    docs: {
      rationale:
        "Dependencies age: the MCP SDK alone has shipped fixes for DNS rebinding, ReDoS and cross-client data leaks, and each arrives only when the project upgrades. Dependabot or Renovate turns every new release (and every advisory) into a pull request that CI tests, so keeping current is a review instead of a project.",
      remediation:
        "Commit `.github/dependabot.yml` with an `updates` entry for `package-ecosystem: npm` (directory `/`, weekly, grouped minor and patch updates) and one for `github-actions`, or a `renovate.json` extending `config:recommended`. Enable Dependabot security updates in the repository settings as well.",
      examples: {
        bad: [
          "// file: package.json",
          "// {",
          '//   "name": "notes-mcp",',
          '//   "dependencies": { "@modelcontextprotocol/sdk": "^1.26.0", "zod": "^3.25.0" }',
          "// }",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "notes", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: package.json",
          "// {",
          '//   "name": "notes-mcp",',
          '//   "dependencies": { "@modelcontextprotocol/sdk": "^1.26.0", "zod": "^3.25.0" }',
          "// }",
          "// file: .github/dependabot.yml",
          "// version: 2",
          "// updates:",
          "//   - package-ecosystem: npm",
          '//     directory: "/"',
          "//     schedule:",
          "//       interval: weekly",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "notes", version: "1.0.0" });',
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/1104.html", "https://docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference", "https://docs.renovatebot.com/configuration-options/"],
  },
  create(context) {
    return {
      check() {
        const manifests = packageManifests(context.auxiliaryFiles);
        const withDeps = manifests.filter((m) => m.dependencies.some((d) => d.field !== "peerDependencies"));
        const target = withDeps.find((m) => m.dir === ".") ?? [...withDeps].sort((a, b) => a.dir.split("/").length - b.dir.split("/").length)[0];
        if (!target) return;
        if (context.auxiliaryFiles.some((f) => RENOVATE_LOADED.test(f.path))) return;
        if (manifests.some((m) => m.dir === "." && m.json.renovate !== undefined)) return;
        const rootAbs = target.file.absPath.slice(0, target.file.absPath.length - target.file.path.length);
        if (RENOVATE_UNLOADED.some((p) => fs.existsSync(path.join(rootAbs, p)))) return;
        const dependabot = context.auxiliaryFiles.find((f) => /^\.github\/dependabot\.ya?ml$/.test(f.path));
        if (dependabot) {
          const doc = parseYamlFile(dependabot).docs[0];
          // A file we cannot read is still a configuration; the maintainer sees Dependabot's own error.
          if (!doc) return;
          const updates = itemsOf(getNode(doc.contents, "updates"));
          const ecosystems = updates.map((u) => textOf(getNode(u, "package-ecosystem")) ?? "").filter(Boolean);
          if (ecosystems.some((e) => JS_ECOSYSTEMS.has(e))) return;
          const line = parseYamlFile(dependabot).lineOf(pairOf(doc.contents, "updates"));
          const listed = ecosystems.length ? ecosystems.map((e) => `\`${e}\``).join(", ") : "no ecosystem";
          context.report({ location: { path: dependabot.path, line }, messageId: "dependabotWithoutNpm", data: { file: dependabot.path, ecosystems: listed } });
          return;
        }
        const count = new Set(withDeps.flatMap((m) => m.dependencies.filter((d) => d.field !== "peerDependencies").map((d) => d.name))).size;
        context.report({ location: { path: target.file.path, line: firstDependencyLine(target) }, messageId: "noUpdateTool", data: { count } });
      },
    };
  },
});

function firstDependencyLine(manifest: PackageManifest): number {
  const first = manifest.dependencies.find((d) => d.field !== "peerDependencies") as DependencyEntry;
  return manifest.keyLine(first.field);
}
