import { createRule, type RuleContext } from "../src/rule-api/index.js";
import { lineInValue, runsAfterPullRequests, workflowsOf, type Workflow, type WorkflowJob, type WorkflowStep, type WorkflowValue } from "../src/rule-api/repo/workflows.js";
import { textOf } from "../src/rule-api/repo/yaml-file.js";

/** Owners whose actions GitHub itself maintains: a moved tag there is less likely, so an unpinned one is low. */
const FIRST_PARTY = new Set(["actions", "github"]);
/** What a pull request's head looks like in a checkout ref or a git command. */
const PR_HEAD = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch|commit\.id)|refs\/pull\/|github\.event\.number|github\.event\.pull_request\.number|github\.event\.pull_request\.merge_commit_sha/;
/** Job conditions that keep forks out (only branches of this repository, or a trusted bot). */
const SAME_REPO_GUARD = /head\.repo\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*github\.event\.pull_request\.head\.repo\.full_name|head\.repo\.fork\s*==\s*false|!\s*github\.event\.pull_request\.head\.repo\.fork|head_repository\.full_name\s*==\s*github\.repository/;

export default createRule({
  id: "require-secure-workflows",
  meta: {
    description: "Pin third-party actions, restrict the workflow token and keep untrusted pull-request code out of privileged jobs",
    severity: "medium",
    confidence: "high",
    checklist: ["SUPPLY-4"],
    cwe: ["CWE-829", "CWE-732"],
    messages: {
      unpinnedAction:
        "`{{action}}`{{also}} is referenced by `{{ref}}`, a {{refKind}} its owner can move: whoever controls {{owner}} (or steals its credentials) changes the code that runs here with this job's token and secrets, as in the tj-actions/changed-files compromise. Pin the full commit SHA: `{{repo}}@<40-character sha> # {{ref}}`, and let Dependabot update it.",
      unpinnedDockerAction:
        "`{{action}}` runs a container image by tag: the image behind it can change at any time. Pin it by digest (`docker://image@sha256:…`).",
      missingPermissions:
        "{{file}} sets no top-level `permissions:`{{jobs}}, so jobs get the repository's default token scopes, which can include write access to code, packages and releases: a compromised step or dependency can push commits or publish. Add `permissions: contents: read` at the top and grant more per job only where needed.",
      writeAllPermissions:
        "{{where}} grants `permissions: write-all`: every step, action and build script gets a token that can push code, publish packages and edit releases. List only the scopes the job needs (`contents: read`, `id-token: write`, …).",
      untrustedCheckout:
        "This `{{trigger}}` workflow checks out the pull request's code (`{{ref}}`) in a job that runs with the base repository's secrets and a write-capable token: any fork can change build scripts, package.json hooks or tests to steal them. Use `pull_request` for building untrusted code, or keep the checkout to the base branch and pass results between workflows as artifacts.",
      untrustedCheckoutUnused:
        "This `{{trigger}}` workflow checks out the pull request's code (`{{ref}}`) in a job that runs with the base repository's secrets. No later step here runs it yet, but the next `run:` or build step added to this job would run a fork's code with those secrets. Check out the base branch instead, or move the job to `pull_request`.",
    },
    docs: {
      rationale:
        "The build pipeline holds the keys to the release: an npm token, a registry login, a GitHub token that can push. Actions referenced by tag run whatever the tag points to today (the 2025 tj-actions/changed-files compromise rewrote every tag to leak secrets). Without `permissions:`, the token may be able to write to the repository. `pull_request_target` and `workflow_run` jobs run with secrets, so checking out a fork's code there hands those secrets to the fork.",
      remediation:
        "Pin every third-party action to a full commit SHA with the tag as a comment and let Dependabot (`package-ecosystem: github-actions`) update them; set `permissions: contents: read` at the top of each workflow and grant more per job, and build untrusted pull requests with `pull_request`, not `pull_request_target`.",
      examples: {
        bad: [
          "// file: .github/workflows/release.yml",
          "// on:",
          "//   push:",
          "//     tags: ['v*']",
          "// jobs:",
          "//   publish:",
          "//     runs-on: ubuntu-latest",
          "//     steps:",
          "//       - uses: actions/checkout@v4",
          "//       - uses: some-org/publish-npm@v2",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "release", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: .github/workflows/release.yml",
          "// on:",
          "//   push:",
          "//     tags: ['v*']",
          "// permissions:",
          "//   contents: read",
          "//   id-token: write",
          "// jobs:",
          "//   publish:",
          "//     runs-on: ubuntu-latest",
          "//     steps:",
          "//       - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4",
          "//       - uses: some-org/publish-npm@0123456789abcdef0123456789abcdef01234567 # v2",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "release", version: "1.0.0" });',
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/829.html",
      "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions",
      "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/",
    ],
  },
  create(context) {
    return {
      check() {
        const workflows = workflowsOf(context.auxiliaryFiles);
        for (const workflow of workflows) {
          checkPermissions(context, workflow);
          // One finding per action reference and file, at its first use: the fix is the same on every line.
          const uses = workflow.jobs.flatMap((job) => [job.uses, ...job.steps.map((step) => step.uses)]).filter((u): u is WorkflowValue => u !== undefined);
          const byAction = new Map<string, WorkflowValue[]>();
          for (const u of uses) byAction.set(u.text.trim(), [...(byAction.get(u.text.trim()) ?? []), u]);
          for (const same of byAction.values()) checkUses(context, workflow, same[0] as WorkflowValue, same.length - 1);
          for (const job of workflow.jobs) checkUntrustedCheckout(context, workflow, job, workflows);
        }
      },
    };
  },
});

function checkUses(context: RuleContext, workflow: Workflow, uses: WorkflowValue, more: number): void {
  const action = uses.text.trim();
  const location = { path: workflow.file.path, line: workflow.yaml.lineOf(uses.node) };
  if (action.startsWith("./") || action.includes("${{")) return;
  if (action.startsWith("docker://")) {
    if (!action.includes("@sha256:")) context.report({ location, messageId: "unpinnedDockerAction", data: { action } });
    return;
  }
  const m = /^([^/@\s]+)\/([^@\s]+)@(.+)$/.exec(action);
  if (!m) return;
  const [, owner = "", path = "", ref = ""] = m;
  if (/^[0-9a-f]{40}$/i.test(ref)) return;
  const repo = `${owner}/${path}`;
  const refKind = /^v?\d+(\.\d+){0,2}$/.test(ref) ? "tag" : /^[0-9a-f]{7,39}$/i.test(ref) ? "short SHA that can collide with a new commit" : "branch or tag";
  const firstParty = FIRST_PARTY.has(owner.toLowerCase());
  context.report({ location, messageId: "unpinnedAction", data: { action, ref, refKind, owner: firstParty ? `the ${owner} organisation` : owner, repo, also: more ? ` (used here and on ${more} more ${more === 1 ? "line" : "lines"} of this file)` : "" }, severity: firstParty ? "low" : "medium" });
}

function checkPermissions(context: RuleContext, workflow: Workflow): void {
  const file = workflow.file.path;
  const top = workflow.permissions;
  if (top && textOf(top.node) === "write-all") {
    context.report({ location: { path: file, line: workflow.yaml.lineOf(top.pair) }, messageId: "writeAllPermissions", data: { where: `${file} (top level)` } });
  }
  for (const job of workflow.jobs) {
    if (job.permissions && textOf(job.permissions.node) === "write-all") {
      context.report({ location: { path: file, line: workflow.yaml.lineOf(job.permissions.pair) }, messageId: "writeAllPermissions", data: { where: `Job \`${job.id}\`` } });
    }
  }
  // A reusable workflow runs with its caller's token, which the caller's own permissions bound: the caller is checked.
  if (top || !workflow.jobs.length || (workflow.triggers.size === 1 && workflow.triggers.has("workflow_call"))) return;
  // A job that calls a reusable workflow without `permissions:` passes the default token on.
  const unscoped = workflow.jobs.filter((j) => !j.permissions);
  if (!unscoped.length) return;
  const names = unscoped.map((j) => `\`${j.id}\``).join(", ");
  const jobs = unscoped.length === workflow.jobs.length ? "" : unscoped.length === 1 ? ` and job ${names} sets none either` : ` and jobs ${names} set none either`;
  context.report({ location: { path: file, line: workflow.onPair ? workflow.yaml.lineOf(workflow.onPair) : 1 }, messageId: "missingPermissions", data: { file, jobs } });
}

function checkUntrustedCheckout(context: RuleContext, workflow: Workflow, job: WorkflowJob, all: readonly Workflow[]): void {
  const trigger = ["pull_request_target", "workflow_run"].filter((t) => workflow.triggers.has(t)).find((t) => t !== "workflow_run" || runsAfterPullRequests(workflow, all));
  if (!trigger || sameRepoOnly(workflow, job, 0)) return;
  for (const [i, step] of job.steps.entries()) {
    if (step.if && SAME_REPO_GUARD.test(step.if)) continue;
    const isCheckout = step.uses && /^actions\/checkout@/i.test(step.uses.text.trim());
    const ref = step.with.get("ref") ?? step.with.get("repository");
    const later = job.steps.slice(i + 1);
    if (isCheckout && ref && PR_HEAD.test(ref.text) && !baseBranchNamed(step)) {
      reportCheckout(context, workflow, workflow.yaml.lineOf(ref.pair ?? ref.node), trigger, ref.text.trim(), later);
      return;
    }
    const run = step.run;
    const command = run && /\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|pull)\b[^\n]*(?:refs\/pull\/|pull\/\$\{\{|\$\{\{\s*github\.(?:head_ref|event\.pull_request\.head))/.exec(run.text);
    if (run && command) {
      // `gh pr checkout 12 && npm test`: a script that goes on after the checkout runs the code as a later step would.
      const after = scriptGoesOn(run.text, (command.index ?? 0) + command[0].length) ? [step] : [];
      reportCheckout(context, workflow, lineInValue(workflow.yaml, run, command[0]), trigger, command[0].trim().slice(0, 80), [...after, ...later]);
      return;
    }
  }
}

/** High when a later step runs what was checked out; low when nothing does yet, since the next step added may. */
function reportCheckout(context: RuleContext, workflow: Workflow, line: number, trigger: string, ref: string, later: readonly WorkflowStep[]): void {
  const runs = later.some(runsWorkspaceCode);
  context.report({ location: { path: workflow.file.path, line }, messageId: runs ? "untrustedCheckout" : "untrustedCheckoutUnused", data: { trigger, ref }, severity: runs ? "high" : "low" });
}

/** Whether a shell script runs another command after the one ending at `end` (comment lines aside). */
function scriptGoesOn(script: string, end: number): boolean {
  const tail = script.slice(end);
  const next = tail.search(/&&|;|\n/);
  return next >= 0 && /\S/.test(tail.slice(next).replace(/^(&&|;)/, "").replace(/^\s*#.*$/gm, ""));
}

/** Actions that build, install or run the code in the workspace. */
const CODE_RUNNING_ACTIONS = /^(docker\/build-push-action|changesets\/action|github\/codeql-action\/autobuild|cypress-io\/github-action|gradle\/(gradle-build-action|actions\/setup-gradle)|bahmutov\/npm-install|borales\/actions-yarn|pnpm\/action-setup|oven-sh\/setup-bun|denoland\/setup-deno|JamesIves\/github-pages-deploy-action|peaceiris\/actions-gh-pages|actions\/github-script)@/i;
/** Inputs that name a command the action runs. */
const COMMAND_INPUTS = new Set(["run", "script", "command", "commands", "build", "build-command", "install", "install-command", "publish", "version", "test", "run_install"]);

/** A shell step, a local action, or an action that runs commands or builds the workspace. */
function runsWorkspaceCode(step: WorkflowStep): boolean {
  if (step.run) return true;
  const uses = step.uses?.text.trim();
  if (!uses) return false;
  return uses.startsWith("./") || CODE_RUNNING_ACTIONS.test(uses) || [...step.with.keys()].some((k) => COMMAND_INPUTS.has(k.toLowerCase()));
}

/** `ref: ${{ github.head_ref }}` with no `repository:`: a branch of the base repository by that name, which forks cannot push to. */
function baseBranchNamed(step: WorkflowStep): boolean {
  const ref = step.with.get("ref")?.text ?? "";
  const branchOnly = /^\s*\$\{\{\s*github\.(?:head_ref|event\.pull_request\.head\.ref|event\.workflow_run\.head_branch)\s*\}\}\s*$/.test(ref);
  return branchOnly && !step.with.has("repository");
}

/** The job, or a job it needs (which must run and succeed first), runs only for pull requests from the repository itself. */
function sameRepoOnly(workflow: Workflow, job: WorkflowJob, depth: number): boolean {
  if (job.if && SAME_REPO_GUARD.test(job.if)) return true;
  // `if: always()` runs it whatever became of the jobs it needs.
  if (depth > 8 || (job.if && /\b(always|failure|cancelled)\(\)/.test(job.if))) return false;
  return job.needs.some((id) => {
    const needed = workflow.jobs.find((j) => j.id === id);
    return !!needed && sameRepoOnly(workflow, needed, depth + 1);
  });
}
