import { createRule, type RuleContext } from "../src/rule-api/index.js";
import { lineInValue, runsAfterPullRequests, workflowsOf, type Workflow, type WorkflowJob, type WorkflowValue } from "../src/rule-api/repo/workflows.js";

/**
 * Event fields anyone who can open an issue, comment or push a branch controls, as free text: titles, bodies,
 * branch names, commit messages and authors. Numbers, SHAs, logins and repository names are not in the list.
 */
const UNTRUSTED_FIELD =
  /\bgithub\.(?:head_ref\b|event\.(?:(?:issue|pull_request|discussion)\.(?:title|body)\b|(?:comment|review|review_comment)\.body\b|pages(?:\[[^\]]*\]|\.\*)?\.page_name\b|(?:commits(?:\[[^\]]*\]|\.\*)?|head_commit|workflow_run\.head_commit)\.(?:message|author\.(?:email|name))\b|pull_request\.head\.(?:ref|label|repo\.default_branch)\b|[\w.]*head_branch\b|workflow_run\.display_title\b|workflow_run\.pull_requests(?:\[[^\]]*\]|\.\*)?\.head\.ref\b))|\btoJSON\(\s*github\.event\s*\)/;

export default createRule({
  id: "no-workflow-script-injection",
  meta: {
    description: "Keep issue, comment and pull-request text out of the scripts GitHub Actions workflows run",
    severity: "high",
    confidence: "high",
    checklist: ["SUPPLY-4"],
    cwe: ["CWE-78", "CWE-94"],
    messages: {
      scriptInjection:
        "`${{ {{expression}} }}` is pasted into a {{where}} before it runs: anyone who can {{who}} can put `\"; curl … | sh #` in it and run commands with this job's token and secrets. Pass it through an environment variable (`env: VALUE: ${{ {{expression}} }}`) and read {{use}} in the script instead.",
      pullRequestOnly:
        "`${{ {{expression}} }}` is pasted into a {{where}} before it runs. The workflow fills it only on `pull_request`, whose runs for a fork get a read-only token, no secrets and the fork's own workflow file, so today its author can run nothing they could not run anyway; adding `pull_request_target` or another privileged trigger turns it into a takeover. Pass it through an environment variable (`env: VALUE: ${{ {{expression}} }}`) and read {{use}} in the script instead.",
    },
    docs: {
      rationale:
        "GitHub expands `${{ }}` expressions into a step's script before the shell (or github-script) runs it, so `${{ github.event.issue.title }}` inside `run:` is string-pasted into the script: an issue title, comment, branch name or commit message becomes a command, run with the job's token and secrets.",
      remediation:
        "Pass event text to scripts through `env:` variables and quote them in the script (`\"$TITLE\"`, `process.env.TITLE`), instead of `${{ }}` interpolation.",
      examples: {
        bad: [
          "// file: .github/workflows/triage.yml",
          "// on:",
          "//   issues:",
          "//     types: [opened]",
          "// permissions:",
          "//   issues: write",
          "// jobs:",
          "//   label:",
          "//     runs-on: ubuntu-latest",
          "//     steps:",
          '//       - run: echo "New issue - ${{ github.event.issue.title }}"',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "triage", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: .github/workflows/triage.yml",
          "// on:",
          "//   issues:",
          "//     types: [opened]",
          "// permissions:",
          "//   issues: write",
          "// jobs:",
          "//   label:",
          "//     runs-on: ubuntu-latest",
          "//     steps:",
          '//       - run: echo "New issue - $TITLE"',
          "//         env:",
          "//           TITLE: ${{ github.event.issue.title }}",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "triage", version: "1.0.0" });',
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/78.html",
      "https://securitylab.github.com/resources/github-actions-untrusted-input/",
      "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections",
    ],
  },
  create(context) {
    return {
      check() {
        const all = workflowsOf(context.auxiliaryFiles);
        for (const workflow of all) for (const job of workflow.jobs) checkInjection(context, workflow, job, all);
      },
    };
  },
});

function checkInjection(context: RuleContext, workflow: Workflow, job: WorkflowJob, all: readonly Workflow[]): void {
  for (const step of job.steps) {
    const targets: [WorkflowValue, string, string][] = [];
    if (step.run) targets.push([step.run, "`run:` script", '`"$VALUE"`']);
    const script = step.with.get("script");
    if (script && step.uses && /^actions\/github-script@/i.test(step.uses.text.trim())) targets.push([script, "github-script `script:`", "`process.env.VALUE`"]);
    for (const [value, where, use] of targets) {
      const seen = new Set<string>();
      for (const m of value.text.matchAll(/\$\{\{\s*([\s\S]*?)\s*\}\}/g)) {
        const expression = (m[1] as string).trim();
        const events = UNTRUSTED_FIELD.test(expression) && !seen.has(expression) ? fillingTriggers(expression, workflow, all) : [];
        if (events?.length === 0) continue;
        seen.add(expression);
        const line = lineInValue(workflow.yaml, value, expression);
        if (events?.every((e) => e === "pull_request")) context.report({ location: { path: workflow.file.path, line }, messageId: "pullRequestOnly", data: { expression, where, use }, severity: "medium" });
        else context.report({ location: { path: workflow.file.path, line }, messageId: "scriptInjection", data: { expression, where, use, who: whoControls(expression) } });
      }
    }
  }
}

/** The events whose payload holds each family of untrusted fields. */
const FIELD_EVENTS: [RegExp, string[]][] = [
  [/github\.head_ref|event\.pull_request\./, ["pull_request", "pull_request_target", "pull_request_review", "pull_request_review_comment"]],
  [/event\.issue\./, ["issues", "issue_comment"]],
  [/event\.comment\./, ["issue_comment", "pull_request_review_comment", "commit_comment", "discussion_comment"]],
  [/event\.review\./, ["pull_request_review"]],
  [/event\.discussion\./, ["discussion", "discussion_comment"]],
  [/event\.pages/, ["gollum"]],
  [/event\.(?:commits|head_commit)/, ["push"]],
  [/event\.workflow_run\./, ["workflow_run"]],
];

/**
 * The events the workflow runs on that fill the field; undefined when any may (a reusable workflow runs on its caller's
 * events). A workflow_run after workflows that never run for pull requests (a release's publish) holds a maintainer's branch.
 */
function fillingTriggers(expression: string, workflow: Workflow, all: readonly Workflow[]): string[] | undefined {
  const { triggers } = workflow;
  const events = FIELD_EVENTS.find(([field]) => field.test(expression))?.[1];
  if (!events || !triggers.size || triggers.has("workflow_call")) return undefined;
  return events.filter((e) => triggers.has(e) && (e !== "workflow_run" || runsAfterPullRequests(workflow, all)));
}

function whoControls(expression: string): string {
  if (/issue|comment|discussion|pages/.test(expression)) return "open an issue or comment";
  if (/commit|author/.test(expression)) return "push a commit to a pull request";
  return "open a pull request from a fork";
}
