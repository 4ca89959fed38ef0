import type { RepoRef } from "../github/github-client.js";
import type { PullRequestRef } from "../github/pull-request-ref.js";

/** One scan the queue runs: a pull request's review, or a commit's check (a push, a check suite without a pull request). */
export type ScanJob =
  | { kind: "pull"; installationId: number; pull: PullRequestRef; ref: string }
  | { kind: "commit"; installationId: number; repo: RepoRef; sha: string; ref: string };

/** What a finished scan tells the store: enough for history and the badge. */
export interface ScanOutcome {
  commit: string;
  ref: string;
  score?: number;
  grade?: string;
  findings: number;
  severities: Record<"critical" | "high" | "medium" | "low", number>;
  failed: boolean;
  /** Set when the scan ended before a report (bad configuration, unsafe tarball): what the check run said. */
  problem?: string;
}

/** The repository a job belongs to, for logs and the store. */
export function jobRepo(job: ScanJob): RepoRef {
  return job.kind === "pull" ? { owner: job.pull.owner, repo: job.pull.repo } : job.repo;
}

/** The commit a job scans. */
export function jobSha(job: ScanJob): string {
  return job.kind === "pull" ? job.pull.headSha : job.sha;
}

/** Jobs with the same key are the same work: a newer one replaces an older one for a pull request. */
export function jobKey(job: ScanJob): string {
  const { owner, repo } = jobRepo(job);
  const name = `${owner}/${repo}`.toLowerCase();
  return job.kind === "pull" ? `${name}#${job.pull.number}` : `${name}@${job.sha}`;
}
