import { createRule, type RuleContext } from "../src/rule-api/index.js";
import { npmrcSettings } from "../src/rule-api/repo/npmrc.js";
import { packageManifests, type PackageManifest } from "../src/rule-api/repo/package-manifests.js";
import { lineInValue, workflowsOf, type Workflow, type WorkflowJob, type WorkflowStep, type WorkflowValue } from "../src/rule-api/repo/workflows.js";
import { entriesOf, textOf } from "../src/rule-api/repo/yaml-file.js";

/** Commands that publish to the npm registry. */
const NPM_PUBLISH = /\b(?:npm\s+publish|pnpm\s+(?:-r\s+|--recursive\s+|--filter[= ]\S+\s+)*publish|yarn\s+(?:workspaces\s+foreach\s+[^\n]*?)?npm\s+publish|changeset\s+publish|lerna\s+publish|semantic-release)\b/;
const DOCKER_PUSH = /\bdocker\s+(?:image\s+)?push\b|\bdocker\s+buildx\s+build\b[^\n]*(?:--push\b|--output[= ]\S*type=registry)/;
/** Logins to cloud registries that are private by default (AWS ECR, Azure ACR): images there are deployments, not releases. */
const PRIVATE_REGISTRY_LOGIN = /\baws\s+ecr\s+get-login-password\b|\baz\s+acr\s+login\b/;
const SIGNS_IMAGES = /\bcosign\s+(?:sign|attest)\b/;

export default createRule({
  id: "require-release-provenance",
  meta: {
    description: "Publish npm packages with provenance and sign or attest pushed container images",
    severity: "medium",
    confidence: "medium",
    checklist: ["INTEG-1", "INTEG-2", "SAUTH-6"],
    cwe: ["CWE-353"],
    messages: {
      npmWithoutProvenance:
        "This step publishes to npm (`{{command}}`) without provenance: {{missing}}. Users and registries cannot check that the package on npm was built from this repository by this workflow, so a stolen npm token can publish a look-alike release. Add `--provenance` (or `publishConfig.provenance: true`) and `permissions: id-token: write` to the job, or switch to npm trusted publishing.",
      imageWithoutProvenance:
        "This step pushes a container image ({{how}}) that nothing in {{file}} signs or attests: whoever pulls it cannot tell it was built here from this commit. Add `provenance: mode=max` to docker/build-push-action, or sign with cosign (`sigstore/cosign-installer` + `cosign sign`) or `actions/attest-build-provenance`, with `id-token: write`.",
    },
    docs: {
      rationale:
        "MCP servers are installed by name (`npx some-mcp`, `docker run ghcr.io/…`) and then run with the user's credentials. Provenance lets anyone verify that a release was built from this repository by this workflow, so a leaked npm token or registry password cannot silently publish a trojaned version, and registries such as the MCP Registry can show the link. npm provenance needs `--provenance` (or `publishConfig.provenance`) and an OIDC token (`id-token: write`); images need a signature or attestation (cosign, GitHub artifact attestations, BuildKit provenance).",
      remediation:
        "For npm: grant `permissions: id-token: write` to the publishing job and publish with `npm publish --provenance --access public` (or set `publishConfig.provenance: true`, or use npm trusted publishing, which adds provenance automatically). For images: set `provenance: mode=max` (and `sbom: true`) on docker/build-push-action, or sign the pushed digest with `cosign sign` / `actions/attest-build-provenance`.",
      examples: {
        bad: [
          "// file: .github/workflows/release.yml",
          "// on:",
          "//   release:",
          "//     types: [published]",
          "// permissions:",
          "//   contents: read",
          "// jobs:",
          "//   publish:",
          "//     runs-on: ubuntu-latest",
          "//     steps:",
          "//       - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567",
          "//       - run: npm ci && npm publish --access public",
          "//         env:",
          "//           NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "release", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: .github/workflows/release.yml",
          "// on:",
          "//   release:",
          "//     types: [published]",
          "// permissions:",
          "//   contents: read",
          "//   id-token: write",
          "// jobs:",
          "//   publish:",
          "//     runs-on: ubuntu-latest",
          "//     steps:",
          "//       - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567",
          "//       - run: npm ci && npm publish --provenance --access public",
          "//         env:",
          "//           NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "release", version: "1.0.0" });',
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/353.html", "https://docs.npmjs.com/generating-provenance-statements", "https://docs.npmjs.com/trusted-publishers", "https://docs.github.com/en/actions/security-for-github-actions/using-artifact-attestations"],
  },
  create(context) {
    return {
      check() {
        const manifests = packageManifests(context.auxiliaryFiles);
        const root = manifests.find((m) => m.dir === ".");
        const provenanceConfigured =
          manifests.some((m) => publishConfigProvenance(m)) ||
          npmrcSettings(context.auxiliaryFiles).some(({ settings }) => settings.some((s) => s.name === "provenance" && s.value === "true"));
        for (const workflow of workflowsOf(context.auxiliaryFiles)) {
          const signsImages = workflowSignsImages(workflow);
          for (const job of workflow.jobs) {
            for (const step of job.steps) {
              checkNpm(context, workflow, job, step, root, provenanceConfigured);
              if (!signsImages && !(pushesToPrivateRegistry(job) && !publicTags(step))) checkImage(context, workflow, step);
            }
          }
        }
      },
    };
  },
});

function checkNpm(context: RuleContext, workflow: Workflow, job: WorkflowJob, step: WorkflowStep, root: PackageManifest | undefined, configured: boolean): void {
  const found = npmPublishIn(step, root);
  if (!found) return;
  // Provenance exists only on the npm registry; GitHub Packages and private registries do not take it.
  const registry = job.steps.map((s) => (s.uses && /^actions\/setup-node@/i.test(s.uses.text) ? s.with.get("registry-url")?.text : undefined)).find(Boolean);
  if (registry && !/registry\.npmjs\.org/.test(registry)) return;
  const flagRegistry = /--registry[= ]\s*(\S+)/.exec(found.command)?.[1];
  if (flagRegistry && !/registry\.npmjs\.org/.test(flagRegistry)) return;
  const env = (name: string) => step.env.get(name)?.text ?? job.env.get(name)?.text ?? workflow.env.get(name)?.text;
  const flagged = /--provenance\b(?!=false)/.test(found.command) || configured || /^true$/i.test(env("NPM_CONFIG_PROVENANCE") ?? "") || /^true$/i.test(step.with.get("provenance")?.text ?? "");
  const idToken = grantsIdToken(job.permissions?.node ?? workflow.permissions?.node);
  // npm trusted publishing (OIDC, no token) adds provenance by itself.
  const tokenless = !env("NODE_AUTH_TOKEN") && !env("NPM_TOKEN") && !step.with.get("token");
  if (idToken && (flagged || tokenless)) return;
  const missing = !idToken && !flagged ? "no `--provenance` and no `id-token: write` permission" : !idToken ? "`--provenance` is set but the job has no `id-token: write` permission, so npm cannot get the signing token" : "the job can mint an OIDC token but the publish has no `--provenance`";
  context.report({ location: { path: workflow.file.path, line: found.line(workflow) }, messageId: "npmWithoutProvenance", data: { command: found.command.slice(0, 80), missing } });
}

/** The npm publish a step runs: a command in `run:`, a package.json script it calls, or a publishing action. */
function npmPublishIn(step: WorkflowStep, root: PackageManifest | undefined): { command: string; line(workflow: Workflow): number } | undefined {
  const uses = step.uses?.text.trim() ?? "";
  const candidates: WorkflowValue[] = [];
  if (step.run) candidates.push(step.run);
  if (/^changesets\/action@/i.test(uses)) {
    const publish = step.with.get("publish");
    if (publish) candidates.push(publish);
  }
  for (const value of candidates) {
    // A publish the shell runs: not in a comment, not inside quoted text (a PR body, an echo), not a dry run.
    const direct = [...value.text.matchAll(new RegExp(NPM_PUBLISH.source, "g"))].find((m) => {
      const line = lineAround(value.text, m.index);
      return !/--dry-run\b/.test(line) && !line.trim().startsWith("#") && !insideQuotes(value.text, m.index);
    });
    if (direct) return { command: lineAround(value.text, direct.index).trim(), line: (w) => lineInValue(w.yaml, value, direct[0], value.text.slice(0, direct.index).split(direct[0]).length - 1) };
    // `npm run release` / `pnpm release` / `yarn release` → the root package.json script.
    for (const m of value.text.matchAll(/\b(?:npm\s+run|pnpm(?:\s+run)?|yarn(?:\s+run)?|bun\s+run)\s+([\w:.-]+)/g)) {
      const script = root?.scripts.find((s) => s.name === m[1]);
      if (script && NPM_PUBLISH.test(script.command) && !/--dry-run\b/.test(script.command)) {
        return { command: `${m[0]} → ${script.command}`, line: (w) => lineInValue(w.yaml, value, m[0]) };
      }
    }
  }
  if (/^JS-DevTools\/npm-publish@/i.test(uses) && step.uses) {
    const value = step.uses;
    return { command: uses, line: (w) => w.yaml.lineOf(value.node) };
  }
  return undefined;
}

/** Whether an odd number of double or single quotes comes before `index` in a shell script (comments aside). */
function insideQuotes(script: string, index: number): boolean {
  const before = script.slice(0, index).replace(/^\s*#.*$/gm, "");
  return (before.match(/(?<!\\)"/g) ?? []).length % 2 === 1 || (before.replace(/"[^"]*"/g, "").match(/'/g) ?? []).length % 2 === 1;
}

function checkImage(context: RuleContext, workflow: Workflow, step: WorkflowStep): void {
  const uses = step.uses?.text.trim() ?? "";
  if (/^docker\/build-push-action@/i.test(uses) && step.uses) {
    const push = step.with.get("push")?.text.trim() ?? "false";
    if (push === "false") return;
    const provenance = step.with.get("provenance")?.text.trim();
    if (provenance && provenance !== "false") return;
    // v4 and later attach a provenance attestation by default; v1 to v3 do not. A commit pin says its version in a comment.
    const pinLine = workflow.file.text.split("\n")[workflow.yaml.lineOf(step.uses.node) - 1] ?? "";
    const major = /@v(\d+)/i.exec(uses)?.[1] ?? /#\s*v(\d+)/i.exec(pinLine)?.[1];
    if (!provenance && (major === undefined || Number(major) >= 4)) return;
    context.report({ location: { path: workflow.file.path, line: workflow.yaml.lineOf(step.uses.node) }, messageId: "imageWithoutProvenance", data: { how: "docker/build-push-action with `push`", file: workflow.file.path } });
    return;
  }
  const run = step.run;
  // Line continuations become spaces of the same length, so the match still points at the right line.
  const push = run && DOCKER_PUSH.exec(run.text.replace(/\\(\r?\n)/g, (m) => " ".repeat(m.length)));
  if (!run || !push) return;
  const command = push[0].replace(/\s+/g, " ");
  const line = lineInValue(workflow.yaml, run, command.split(" ").slice(0, 2).join(" "));
  context.report({ location: { path: workflow.file.path, line }, messageId: "imageWithoutProvenance", data: { how: `\`${command.length > 60 ? `${command.slice(0, 57)}…` : command}\``, file: workflow.file.path } });
}

function pushesToPrivateRegistry(job: WorkflowJob): boolean {
  return job.steps.some((s) => {
    const uses = s.uses?.text.trim() ?? "";
    if (/^aws-actions\/amazon-ecr-login@/i.test(uses)) return s.with.get("registry-type")?.text !== "public";
    return /^azure\/docker-login@/i.test(uses) || PRIVATE_REGISTRY_LOGIN.test(s.run?.text ?? "");
  });
}

/** Image tags under a `public/` path (ACR repositories mirrored to a public registry such as mcr.microsoft.com). */
function publicTags(step: WorkflowStep): boolean {
  return /\/public\//.test(step.with.get("tags")?.text ?? "");
}

function workflowSignsImages(workflow: Workflow): boolean {
  return workflow.jobs.some((job) =>
    job.steps.some((s) => {
      const uses = s.uses?.text.trim() ?? "";
      return /^(sigstore\/cosign-installer|actions\/attest-build-provenance|actions\/attest)@/i.test(uses) || SIGNS_IMAGES.test(s.run?.text ?? "");
    }),
  );
}

function grantsIdToken(permissions: unknown): boolean {
  if (textOf(permissions) === "write-all") return true;
  return entriesOf(permissions).some(([key, value]) => key === "id-token" && textOf(value) === "write");
}

function publishConfigProvenance(manifest: PackageManifest): boolean {
  const config = manifest.json.publishConfig;
  return typeof config === "object" && config !== null && (config as Record<string, unknown>).provenance === true;
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index) + 1;
  const end = text.indexOf("\n", index);
  return text.slice(start, end < 0 ? text.length : end);
}
