import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitRepo } from "../helpers/git-repo.js";
import { BASE_FILES, HEAD_FILES } from "../helpers/vulnerable-repo.js";
import { INSTALLATION_ID, OWNER, REPO, startApp, TOKEN, type RunningApp } from "./start-app.js";
import { repositoryFields } from "./webhooks.js";

const git = new GitRepo();
const base = git.commit(BASE_FILES, "base");
const head = git.commit(HEAD_FILES, "pull request");
const brokenBase = git.commit({ ".github/mcp-warden.yml": "failOn: sometimes\n" }, "a broken App configuration");

function pullRequest(action: string, number: number, baseSha: string, headSha: string) {
  return { action, number, pull_request: { number, base: { sha: baseSha, ref: "main" }, head: { sha: headSha, ref: "feature" } }, ...repositoryFields(OWNER, REPO, INSTALLATION_ID) };
}

function push(sha: string) {
  return { ref: "refs/heads/main", before: base, after: sha, deleted: false, ...repositoryFields(OWNER, REPO, INSTALLATION_ID) };
}

let running: RunningApp;
beforeAll(async () => {
  running = await startApp(git);
  running.github.setPull(1, base, head);
  running.github.setPull(2, brokenBase, head);
  running.github.setPull(3, base, head);
});
afterAll(async () => {
  await running.stop();
  git.remove();
});

describe("the App on a pull request", () => {
  it("answers the webhook, then posts a review and a check run for the head commit", async () => {
    const delivery = await running.send("pull_request", pullRequest("opened", 1, base, head));
    expect(delivery.status).toBe(200);
    await running.app.idle();
    const runs = running.github.checkRuns.filter((run) => run.head_sha === head);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: "mcp-warden", status: "completed", conclusion: "failure" });
    const reviews = running.github.reviews.filter((review) => review.state === "COMMENTED");
    expect(reviews).toHaveLength(1);
    expect(running.github.reviewComments.some((comment) => comment.body.includes("no-shell-injection"))).toBe(true);
    expect(running.github.issueComments.some((comment) => comment.body.includes("<!-- mcp-warden:summary -->"))).toBe(true);
    expect(running.front.appRequests.some((request) => request.path === `/app/installations/${INSTALLATION_ID}/access_tokens` && request.status === 201)).toBe(true);
    expect(running.leftovers()).toEqual([]);
    expect(running.logs.join("")).not.toContain(TOKEN);
  });

  it("rejects a webhook with a bad signature and does nothing", async () => {
    const before = { requests: running.github.requests.length, app: running.front.appRequests.length };
    const delivery = await running.send("pull_request", pullRequest("synchronize", 1, base, base), "not-the-secret");
    expect(delivery.status).toBeGreaterThanOrEqual(400);
    expect(delivery.status).toBeLessThan(500);
    await running.app.idle();
    expect(running.github.requests.length).toBe(before.requests);
    expect(running.front.appRequests.length).toBe(before.app);
  });

  it("reads the configuration from the base branch and fails the check run naming a broken setting", async () => {
    await running.send("pull_request", pullRequest("opened", 2, brokenBase, head));
    await running.app.idle();
    const runs = running.github.checkRuns.filter((run) => run.head_sha === head);
    const latest = runs.at(-1);
    expect(runs).toHaveLength(2);
    expect(latest?.conclusion).toBe("failure");
    expect(latest?.output.title).toBe("mcp-warden: configuration error");
    expect(latest?.output.summary).toContain("failOn");
    expect(latest?.output.summary).toContain("sometimes");
  });
});

describe("the owner's .github repository", () => {
  it("supplies the configuration when the base branch has none", async () => {
    running.front.orgFiles.set(".github/mcp-warden.yml", "failOn: none\n");
    try {
      await running.send("pull_request", pullRequest("opened", 3, base, head));
      await running.app.idle();
    } finally {
      running.front.orgFiles.clear();
    }
    const latest = running.github.checkRuns.filter((run) => run.head_sha === head).at(-1);
    expect(latest?.conclusion).toBe("success");
    expect(running.logs.join("")).toContain("configuration read from .github/mcp-warden.yml");
  });
});

describe("the App on a push to the default branch", () => {
  it("checks the commit and serves its grade as a badge", async () => {
    const unknown = await fetch(`${running.url}/badge/${OWNER}/${REPO}.svg`);
    expect(await unknown.text()).toContain("unknown");
    await running.send("push", push(head));
    await running.app.idle();
    const run = running.github.checkRuns.filter((r) => r.head_sha === head).at(-1);
    expect(run?.status).toBe("completed");
    const [stored] = running.store.history({ owner: OWNER, repo: REPO }, 1);
    expect(stored?.ref).toBe("refs/heads/main");
    expect(stored?.grade).toMatch(/^[A-F]$/);
    const svg = await fetch(`${running.url}/badge/${OWNER}/${REPO}.svg`);
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(svg.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const text = await svg.text();
    expect(text).toContain(`${stored?.grade} · ${stored?.score}`);
    expect(text).toContain(head.slice(0, 12));
    const endpoint = (await (await fetch(`${running.url}/badge/${OWNER}/${REPO}/endpoint.json`)).json()) as { schemaVersion: number; message: string };
    expect(endpoint).toMatchObject({ schemaVersion: 1, message: `${stored?.grade} · ${stored?.score}` });
  });

  it("shows an unknown badge once the repository is private, and for repositories never scanned", async () => {
    const privatized = await running.send("repository", { action: "privatized", ...repositoryFields(OWNER, REPO, INSTALLATION_ID, { private: true }) });
    expect(privatized.status).toBe(200);
    const endpoint = (await (await fetch(`${running.url}/badge/${OWNER}/${REPO}/endpoint.json`)).json()) as { message: string };
    expect(endpoint.message).toBe("unknown");
    const other = (await (await fetch(`${running.url}/badge/${OWNER}/elsewhere/endpoint.json`)).json()) as { message: string };
    expect(other.message).toBe("unknown");
  });

  it("answers /healthz", async () => {
    const response = await fetch(`${running.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", queue: { waiting: 0, running: 0 } });
  });
});
