import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanOutcome } from "../../src/app/scan-job.js";
import type { ScanRunner } from "../../src/app/scan-task.js";
import type { WorkerInput } from "../../src/app/worker-protocol.js";
import { GitRepo } from "../helpers/git-repo.js";
import { BASE_FILES, HEAD_FILES } from "../helpers/vulnerable-repo.js";
import { INSTALLATION_ID, OWNER, REPO, startApp, type RunningApp } from "./start-app.js";
import { repositoryFields } from "./webhooks.js";

const git = new GitRepo();
const base = git.commit(BASE_FILES, "base");
const head = git.commit(HEAD_FILES, "pull request");

function synchronize(number: number, headSha: string) {
  return { action: "synchronize", number, pull_request: { number, base: { sha: base, ref: "main" }, head: { sha: headSha, ref: `feature-${number}` } }, ...repositoryFields(OWNER, REPO, INSTALLATION_ID) };
}

/** A scan runner the test holds: every call waits until released (or aborted), so the queue's state can be observed. */
class HeldRunner {
  readonly started: WorkerInput[] = [];
  running = 0;
  maxRunning = 0;
  private releases: (() => void)[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private open = false;

  readonly run: ScanRunner = (input, signal) => {
    this.started.push(input);
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    this.waiters = this.waiters.filter((w) => (this.started.length >= w.count ? (w.resolve(), false) : true));
    return new Promise<ScanOutcome>((resolve, reject) => {
      const finish = () => {
        this.running -= 1;
        const job = input.job;
        resolve({ commit: job.kind === "pull" ? job.pull.headSha : job.sha, ref: job.ref, score: 50, grade: "D", findings: 1, severities: { critical: 0, high: 1, medium: 0, low: 0 }, failed: true });
      };
      signal.addEventListener("abort", () => {
        this.running -= 1;
        reject(signal.reason);
      }, { once: true });
      if (this.open) finish();
      else this.releases.push(finish);
    });
  };

  /** Resolves once `count` scans have started. */
  startedAtLeast(count: number): Promise<void> {
    if (this.started.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  release(): void {
    this.open = true;
    for (const finish of this.releases.splice(0)) finish();
  }
}

describe("the scan queue behind a real Probot server", () => {
  const runner = new HeldRunner();
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(git, { run: runner.run, settings: { concurrency: 2 } });
  });
  afterAll(async () => {
    await running.stop();
  });

  it("answers twenty webhooks sent at once while scans are held, runs two at a time, and completes every one", async () => {
    const deliveries = await Promise.all(Array.from({ length: 20 }, (_, i) => running.send("pull_request", synchronize(i + 1, head))));
    expect(deliveries.map((d) => d.status)).toEqual(Array(20).fill(200));
    await runner.startedAtLeast(2);
    const health = (await (await fetch(`${running.url}/healthz`)).json()) as { queue: { waiting: number; running: number } };
    expect(health.queue).toEqual({ waiting: 18, running: 2 });
    runner.release();
    await running.app.idle();
    const numbers = runner.started.map((input) => (input.job.kind === "pull" ? input.job.pull.number : 0));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(runner.maxRunning).toBe(2);
    expect(running.store.history({ owner: OWNER, repo: REPO }, 100)).toHaveLength(20);
    expect(running.leftovers()).toEqual([]);
  });
});

describe("newer commits and duplicate events", () => {
  const runner = new HeldRunner();
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(git, { run: runner.run });
  });
  afterAll(async () => {
    await running.stop();
  });

  it("cancels a pull request's running scan when a newer commit arrives, and says so in a check run", async () => {
    await running.send("pull_request", synchronize(50, base));
    await runner.startedAtLeast(1);
    await running.send("pull_request", synchronize(50, head));
    await runner.startedAtLeast(2);
    runner.release();
    await running.app.idle();
    const cancelled = running.github.checkRuns.filter((run) => run.head_sha === base);
    expect(cancelled.map((run) => run.conclusion)).toEqual(["cancelled"]);
    expect(running.store.history({ owner: OWNER, repo: REPO }, 10).map((scan) => scan.commit)).toEqual([head]);
  });

  it("scans a commit once when a check suite and a pull request event both name it", async () => {
    const before = runner.started.length;
    const suite = { action: "requested", check_suite: { head_sha: base, head_branch: "feature-60", pull_requests: [{ number: 60, head: { sha: base }, base: { sha: base } }] }, ...repositoryFields(OWNER, REPO, INSTALLATION_ID) };
    await Promise.all([running.send("check_suite", suite), running.send("pull_request", synchronize(60, base))]);
    await running.app.idle();
    expect(runner.started.length - before).toBe(1);
  });
});

describe("events that name a commit", () => {
  const runner = new HeldRunner();
  let running: RunningApp;
  beforeAll(async () => {
    runner.release();
    running = await startApp(git, { run: runner.run });
  });
  afterAll(async () => {
    await running.stop();
  });

  it("checks the commit again on \"Re-run\" (check_run rerequested) when it heads no pull request", async () => {
    const rerun = { action: "rerequested", check_run: { head_sha: head, pull_requests: [], check_suite: { head_branch: "main" } }, ...repositoryFields(OWNER, REPO, INSTALLATION_ID) };
    expect((await running.send("check_run", rerun)).status).toBe(200);
    await running.app.idle();
    expect(runner.started.map((input) => input.job)).toEqual([{ kind: "commit", installationId: INSTALLATION_ID, repo: { owner: OWNER, repo: REPO }, sha: head, ref: "refs/heads/main" }]);
  });

  it("reviews the pull request a check suite names, and ignores pushes to other branches", async () => {
    const suite = { action: "requested", check_suite: { head_sha: head, head_branch: "feature", pull_requests: [{ number: 7, head: { sha: head }, base: { sha: base } }] }, ...repositoryFields(OWNER, REPO, INSTALLATION_ID) };
    await running.send("check_suite", suite);
    await running.send("push", { ref: "refs/heads/feature", before: base, after: head, deleted: false, ...repositoryFields(OWNER, REPO, INSTALLATION_ID) });
    await running.app.idle();
    expect(runner.started.slice(1).map((input) => input.job)).toEqual([{ kind: "pull", installationId: INSTALLATION_ID, pull: { owner: OWNER, repo: REPO, number: 7, baseSha: base, headSha: head }, ref: "refs/pull/7/head" }]);
  });
});

describe("a scan past its time limit", () => {
  let running: RunningApp;
  // This runner never finishes on its own: only the queue's timeout ends it.
  const stuck: ScanRunner = (_input, signal) => new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
  beforeAll(async () => {
    running = await startApp(git, { run: stuck, settings: { timeoutMs: 200 } });
  });
  afterAll(async () => {
    await running.stop();
  });

  it("is stopped and its check run concludes timed_out", async () => {
    await running.send("push", { ref: "refs/heads/main", before: base, after: head, deleted: false, ...repositoryFields(OWNER, REPO, INSTALLATION_ID) });
    await running.app.idle();
    expect(running.github.checkRuns.filter((run) => run.head_sha === head).map((run) => run.conclusion)).toEqual(["timed_out"]);
    expect(running.store.history({ owner: OWNER, repo: REPO }, 10)).toEqual([]);
    expect(running.leftovers()).toEqual([]);
  });
});

afterAll(() => git.remove());
