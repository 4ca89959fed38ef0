import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBundle, SHELL_SERVER } from "../cli/run-cli.js";
import { FakeGitHub } from "../helpers/fake-github.js";
import { GitRepo } from "../helpers/git-repo.js";
import { runAction, type ActionRun } from "../helpers/run-action.js";
import { BASE_FILES, FIX_FILES, HEAD_FILES, lineOf, POISONED_DESCRIPTION } from "../helpers/vulnerable-repo.js";

const OWNER = "acme";
const REPO = "notes-server";
const TOKEN = "ghs_fakeTokenThatMustNeverBeLogged0123456789";
const SUMMARY_MARKER = "<!-- mcp-warden:summary -->";

const git = new GitRepo();
const base = git.commit(BASE_FILES, "base");
const head = git.commit(HEAD_FILES, "pull request");
const fix = git.commit(FIX_FILES, "remove git_log");
const out = mkdtempSync(path.join(os.tmpdir(), "mcp-warden-action-out-"));
const GIT_LOG_LINE = lineOf(git.git(["show", `${head}:src/index.ts`]), "exec(`git log");
const RUN_LINE = lineOf(BASE_FILES["src/index.ts"], "exec(cmd)");
const READ_LINE = lineOf(HEAD_FILES["src/files.ts"], "readFile(file");

beforeAll(ensureBundle);
afterAll(() => {
  git.remove();
  rmSync(out, { recursive: true, force: true });
});

function pullRequestEvent(number: number, headRepo = `${OWNER}/${REPO}`): unknown {
  return {
    action: "synchronize",
    number,
    pull_request: { number, base: { sha: base, repo: { full_name: `${OWNER}/${REPO}` } }, head: { sha: head, repo: { full_name: headRepo } } },
    repository: { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } },
  };
}

function withHead(event: unknown, sha: string): unknown {
  const e = event as { pull_request: { head: { sha: string } } };
  return { ...e, pull_request: { ...e.pull_request, head: { ...e.pull_request.head, sha } } };
}

async function run(github: FakeGitHub, options: { repo?: GitRepo; eventName?: string; event?: unknown; sha?: string; inputs?: Record<string, string> } = {}): Promise<ActionRun> {
  const repo = options.repo ?? git;
  repo.checkout(options.sha ?? head);
  const result = await runAction({
    apiUrl: github.url,
    repository: `${OWNER}/${REPO}`,
    workspace: repo.dir,
    sha: options.sha ?? head,
    eventName: options.eventName ?? "pull_request",
    event: options.event ?? pullRequestEvent(1),
    inputs: { token: TOKEN, "sarif-file": path.join(out, "mcp-warden.sarif"), ...options.inputs },
  });
  // The runner consumes ::add-mask:: and hides the value everywhere else; no other line may hold the token.
  const printed = `${result.stdout}${result.stderr}`.split("\n").filter((line) => line !== `::add-mask::${TOKEN}`);
  expect(printed.join("\n")).not.toContain(TOKEN);
  // The base tarball's folder is removed, whatever happened.
  expect(result.runnerTempEntries).toEqual([]);
  return result;
}

describe("the Action on a pull request", () => {
  const github = new FakeGitHub({ git, owner: OWNER, repo: REPO, token: TOKEN, refusedLines: [`src/files.ts:${READ_LINE}`], rateLimitOnce: ["POST /check-runs"] });
  beforeAll(async () => {
    await github.start();
    github.setPull(1, base, head);
  });
  afterAll(() => github.stop());

  let first: ActionRun;

  it("posts one review with comments on the changed lines only, with a suggestion for the fix", async () => {
    first = await run(github, { inputs: { badge: path.join(out, "badges") } });
    expect(first.status).toBe(1);
    const posted = github.reviews.filter((r) => r.state === "COMMENTED");
    expect(posted).toHaveLength(1);
    const comments = github.reviewComments;
    const shell = comments.find((c) => c.body.includes("no-shell-injection"));
    expect(shell).toMatchObject({ path: "src/index.ts", line: GIT_LOG_LINE, side: "RIGHT" });
    expect(shell?.body).toContain('```suggestion\n  execFile("git", ["log", ref]);\n```');
    expect(shell?.body).toMatch(/<!-- mcp-warden:fp=[0-9a-f]+ -->/);
    // The base's own findings (legacy.ts, the run tool) are outside the diff and get no comment.
    expect(comments.some((c) => c.path === "src/legacy.ts" || (c.path === "src/index.ts" && c.line === RUN_LINE))).toBe(false);
    // The changed description is a review point of its own, on its line.
    const description = comments.find((c) => c.body.includes("tool description changed"));
    expect(description).toMatchObject({ path: "src/index.ts", line: lineOf(HEAD_FILES["src/index.ts"], "Before calling any other tool") });
    expect(description?.body).toContain(POISONED_DESCRIPTION);
    // A configuration change in the pull request cannot switch a rule off: the base's configuration applies.
    expect(first.stdout).toContain("configuration read from .mcp-warden.yml@");
  });

  it("moves a comment GitHub refuses (422) to the summary and posts the rest", () => {
    expect(github.reviewComments.some((c) => c.path === "src/files.ts" && c.line === READ_LINE)).toBe(false);
    expect(github.reviewComments.some((c) => c.path === "src/files.ts")).toBe(true);
    expect(github.requests.filter((r) => r.method === "DELETE").length).toBeGreaterThan(0);
    expect(github.reviews.filter((r) => r.state === "PENDING")).toEqual([]);
    const summary = github.issueComments[0]?.body ?? "";
    expect(summary).toContain("Findings not commented inline");
    expect(summary).toContain(`src/files.ts:${READ_LINE}`);
  });

  it("keeps one summary comment that opens with the badge and grade and shows the changed tool description", () => {
    expect(github.issueComments).toHaveLength(1);
    const summary = github.issueComments[0]?.body ?? "";
    expect(summary.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(summary.split("\n")[1]).toMatch(/^!\[MCP checklist: [A-F] · \d+\]\(https:\/\/img\.shields\.io\/badge\/MCP%20checklist-[A-F]%20%C2%B7%20\d+-\w+\) \*\*MCP Security Checklist: grade [A-F]\*\*/);
    expect(summary).toContain("Tool descriptions changed");
    expect(summary).toContain("search_notes");
    expect(summary).toContain(POISONED_DESCRIPTION);
    expect(summary).toMatch(/\| added \| `git_log` \|/);
    expect(summary).toMatch(/\| added \| `read_file` \|/);
  });

  it("creates a check run, retrying a secondary rate limit, with annotations in batches of at most 50", () => {
    const creates = github.requests.filter((r) => r.method === "POST" && r.path.endsWith("/check-runs"));
    expect(creates.map((r) => r.status)).toEqual([403, 201]);
    const [checkRun] = github.checkRuns;
    expect(checkRun).toMatchObject({ name: "mcp-warden", head_sha: head, status: "completed", conclusion: "failure" });
    expect(checkRun?.batches.every((n) => n <= 50)).toBe(true);
    expect(checkRun?.annotations.some((a) => a.path === "src/files.ts" && a.start_line === READ_LINE)).toBe(true);
    expect(checkRun?.output.summary?.length).toBeLessThanOrEqual(65_535);
  });

  it("writes the outputs, the job summary, the SARIF file and the badge", () => {
    expect(Number(first.outputs.findings)).toBeGreaterThan(0);
    expect(first.outputs.grade).toMatch(/^[A-F]$/);
    expect(Number(first.outputs.score)).toBeGreaterThanOrEqual(0);
    expect(first.outputs["sarif-file"]).toBe(path.join(out, "mcp-warden.sarif"));
    expect(first.outputs["badge-file"]).toBe(path.join(out, "badges", "mcp-warden-badge.svg"));
    expect(JSON.parse(readFileSync(path.join(out, "mcp-warden.sarif"), "utf8"))).toMatchObject({ version: "2.1.0" });
    expect(existsSync(path.join(out, "badges", "mcp-warden-badge.json"))).toBe(true);
    expect(first.summary).toContain("Tool descriptions changed");
    expect(first.summary).toContain("# mcp-warden");
    expect(first.stdout).toContain("::error::mcp-warden: findings at or above fail-on \"high\" remain");
  });

  it("posts nothing new on a second run and edits the summary comment in place", async () => {
    const reviewsBefore = github.reviews.length;
    const commentsBefore = github.reviewComments.length;
    const second = await run(github);
    expect(second.status).toBe(1);
    // Only the comments GitHub refuses are tried again, as pending reviews deleted at once.
    expect(github.reviews.length).toBe(reviewsBefore);
    expect(github.reviewComments.length).toBe(commentsBefore);
    expect(github.issueComments).toHaveLength(1);
    expect(github.requests.filter((r) => r.method === "PATCH" && r.path.includes("/issues/comments/"))).toHaveLength(1);
  });

  it("marks a comment whose finding a later commit fixed, and follows fail-on", async () => {
    github.setPull(1, base, fix);
    const shell = github.reviewComments.find((c) => c.body.includes("no-shell-injection"));
    const third = await run(github, { sha: fix, event: withHead(pullRequestEvent(1), fix), inputs: { "fail-on": "none" } });
    expect(third.status).toBe(0);
    expect(shell?.body).toContain("<!-- mcp-warden:resolved -->");
    expect(shell?.body).toContain("No longer reported");
    expect(shell?.body).not.toContain("```suggestion");
    // The description is still changed against the base: its comment stands.
    expect(github.reviewComments.find((c) => c.body.includes("tool description changed"))?.body).not.toContain("resolved");
    expect(github.checkRuns.at(-1)?.conclusion).toBe("success");
  });
});

describe("the Action's comment and filter inputs", () => {
  it("posts no review with comment: summary, and judges the whole repository with filter: nofilter", async () => {
    const github = new FakeGitHub({ git, owner: OWNER, repo: REPO, token: TOKEN });
    await github.start();
    try {
      github.setPull(4, base, head);
      const result = await run(github, { event: pullRequestEvent(4), inputs: { comment: "summary", filter: "nofilter" } });
      expect(result.status).toBe(1);
      expect(github.reviews).toEqual([]);
      expect(github.issueComments).toHaveLength(1);
      expect(github.issueComments[0]?.body).toContain("### Findings in this pull request");
      expect(github.issueComments[0]?.body).not.toContain("outside this pull request's changes");
      expect(github.checkRuns[0]?.annotations.length).toBe(Number(result.outputs.findings));
      expect(github.checkRuns[0]?.annotations.some((a) => a.path === "src/legacy.ts")).toBe(true);
    } finally {
      await github.stop();
    }
  });
});

describe("the Action when GitHub fails", () => {
  it("completes its check run as failed when posting the review fails", async () => {
    const github = new FakeGitHub({ git, owner: OWNER, repo: REPO, token: TOKEN, broken: ["POST /pulls/:id/reviews"] });
    await github.start();
    try {
      github.setPull(5, base, head);
      const result = await run(github, { event: pullRequestEvent(5), inputs: { "fail-on": "none" } });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("::error::mcp-warden: GitHub answered 500 (Server Error)");
      expect(github.checkRuns[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "mcp-warden could not finish" } });
    } finally {
      await github.stop();
    }
  });

  it("completes a pushed commit's check run as failed when adding its annotations fails", async () => {
    const github = new FakeGitHub({ git, owner: OWNER, repo: REPO, token: TOKEN, brokenOnce: ["PATCH /check-runs/:id"] });
    await github.start();
    try {
      const result = await run(github, { eventName: "push", event: { ref: "refs/heads/main", after: head }, inputs: { "fail-on": "none" } });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("::error::mcp-warden: GitHub answered 500 (Server Error)");
      expect(github.checkRuns[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "mcp-warden could not finish" } });
    } finally {
      await github.stop();
    }
  });
});

describe("the Action without write access", () => {
  it("posts nothing on a fork's pull request and says why", async () => {
    const github = new FakeGitHub({ git, owner: OWNER, repo: REPO, token: TOKEN });
    await github.start();
    try {
      github.setPull(2, base, head);
      const result = await run(github, { event: pullRequestEvent(2, "mallory/notes-server") });
      expect(github.writes()).toEqual([]);
      expect(result.summary).toContain("comes from the fork mallory/notes-server");
      expect(result.summary).toContain("nothing was posted");
      expect(result.summary).toContain("Tool descriptions changed");
      expect(result.stdout).toContain("::warning::This pull request comes from the fork");
      expect(existsSync(result.outputs["sarif-file"] ?? "")).toBe(true);
    } finally {
      await github.stop();
    }
  });

  it("stops posting after a 403 on the first write", async () => {
    const github = new FakeGitHub({ git, owner: OWNER, repo: REPO, token: TOKEN, readOnly: true });
    await github.start();
    try {
      github.setPull(3, base, head);
      const result = await run(github, { event: pullRequestEvent(3) });
      expect(github.writes()).toHaveLength(1);
      expect(result.summary).toContain("The token cannot write to acme/notes-server (403: Resource not accessible by integration)");
    } finally {
      await github.stop();
    }
  });
});

describe("the Action on a push", () => {
  it("creates a check run and writes SARIF and the badge", async () => {
    const github = new FakeGitHub({ git, owner: OWNER, repo: REPO, token: TOKEN });
    await github.start();
    try {
      const result = await run(github, { eventName: "push", event: { ref: "refs/heads/main", after: head }, inputs: { badge: path.join(out, "push-badges"), "fail-on": "high" } });
      expect(result.status).toBe(1);
      // A pushed commit is checked with its own configuration, which switches the shell rule off.
      expect(result.stdout).toContain(`configuration read from .mcp-warden.yml@${head.slice(0, 7)}`);
      const [checkRun] = github.checkRuns;
      expect(checkRun).toMatchObject({ head_sha: head, conclusion: "failure" });
      expect(checkRun?.annotations.length).toBe(Number(result.outputs.findings));
      expect(checkRun?.annotations.some((a) => String(a.title).includes("no-shell-injection"))).toBe(false);
      expect(checkRun?.batches.length).toBeGreaterThan(1);
      expect(checkRun?.batches.every((n) => n <= 50)).toBe(true);
      expect(github.requests.some((r) => r.path.includes("/pulls/") || r.path.includes("/issues/"))).toBe(false);
      expect(existsSync(result.outputs["sarif-file"] ?? "")).toBe(true);
      expect(readFileSync(result.outputs["badge-file"] ?? "", "utf8")).toContain("<svg");
      expect(result.summary).toContain("MCP Security Checklist: grade");
    } finally {
      await github.stop();
    }
  });

  it("names the input when one is not valid", async () => {
    const github = new FakeGitHub({ git, owner: OWNER, repo: REPO, token: TOKEN });
    await github.start();
    try {
      const result = await run(github, { eventName: "push", event: {}, inputs: { comment: "everything", "fail-on": "high" } });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('::error::mcp-warden: input comment: "everything" is not valid; expected one of review, summary, none');
      expect(github.requests).toEqual([]);
    } finally {
      await github.stop();
    }
  });

  it("fails with a clear message on a bad token, without printing it", async () => {
    const github = new FakeGitHub({ git, owner: OWNER, repo: REPO, token: "the-right-token" });
    await github.start();
    try {
      const result = await run(github, { eventName: "push", event: {} });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("::error::mcp-warden: GitHub refused the token (401 Bad credentials): check the token input");
    } finally {
      await github.stop();
    }
  });
});

describe("the Action on a monorepo", () => {
  const mono = new GitRepo();
  const sha = mono.commit(
    {
      "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["packages/*"] }),
      "packages/a/package.json": JSON.stringify({ name: "a" }),
      "packages/a/src/index.ts": SHELL_SERVER,
      "packages/b/package.json": JSON.stringify({ name: "b" }),
      "packages/b/src/index.ts": SHELL_SERVER,
    },
    "two servers",
  );
  afterAll(() => mono.remove());

  async function push(inputs: Record<string, string>): Promise<{ result: ActionRun; github: FakeGitHub }> {
    const github = new FakeGitHub({ git: mono, owner: OWNER, repo: REPO, token: TOKEN });
    await github.start();
    try {
      const result = await run(github, { repo: mono, sha, eventName: "push", event: { ref: "refs/heads/main", after: sha }, inputs: { "fail-on": "none", ...inputs } });
      return { result, github };
    } finally {
      await github.stop();
    }
  }

  const annotations = (github: FakeGitHub) => (github.checkRuns[0]?.annotations ?? []).map((a) => `${String(a.path)}:${String(a.start_line)} ${String(a.title)}`).sort();

  it("analyses its batches in worker threads of the bundle with the concurrency input, reporting what one thread reports", async () => {
    const alone = await push({ "batch-lines": "1", concurrency: "1" });
    const threaded = await push({ "batch-lines": "1", concurrency: "2" });
    for (const { result, github } of [alone, threaded]) {
      expect(result.status).toBe(0);
      expect(result.stdout).not.toContain("internal error");
      expect(github.checkRuns).toHaveLength(1);
    }
    const shell = annotations(threaded.github).filter((a) => a.includes("no-shell-injection"));
    expect(shell.map((a) => a.split(" ")[0])).toEqual(["packages/a/src/index.ts:8", "packages/b/src/index.ts:8"]);
    expect(annotations(threaded.github)).toEqual(annotations(alone.github));
  });

  it("names the input when concurrency or batch-lines is not a whole number from 1", async () => {
    for (const [name, value, expected] of [
      ["concurrency", "0", "a whole number of threads from 1 to 64, or auto"],
      ["concurrency", "65", "a whole number of threads from 1 to 64, or auto"],
      ["batch-lines", "many", "a whole number of lines from 1"],
    ] as const) {
      const { result, github } = await push({ [name]: value });
      expect(result.status, `${name} ${value}`).toBe(1);
      expect(result.stdout).toContain(`::error::mcp-warden: input ${name}: ${JSON.stringify(value)} is not valid; expected ${expected}`);
      expect(github.requests).toEqual([]);
    }
  });
});
