import type { Logger } from "../../github/github-client.js";
import type { ScanJob } from "../scan-job.js";
import { jobKey, jobSha } from "../scan-job.js";
import type { ScanQueue } from "../scan-queue.js";
import type { ScanStore } from "../scan-store.js";

/** What every event handler needs: where jobs go and where repository facts are kept. */
export interface HandlerDeps {
  queue: ScanQueue;
  store: ScanStore;
  log: Logger;
}

/** The repository fields the handlers read from any payload. */
export interface PayloadRepository {
  name: string;
  owner: { login: string };
  private: boolean;
  default_branch: string;
}

/** Records the repository's visibility and default branch, then queues the jobs; returns at once. */
export function enqueueJobs(deps: HandlerDeps, repository: PayloadRepository, jobs: readonly ScanJob[]): void {
  deps.store.recordRepository({ owner: repository.owner.login, repo: repository.name, private: repository.private, defaultBranch: repository.default_branch });
  for (const job of jobs) {
    const added = deps.queue.enqueue(job);
    deps.log.info(`${jobKey(job)} at ${jobSha(job).slice(0, 7)}: ${added === "queued" ? "queued" : "already queued or running"}`);
  }
}
