import type { ScanJob } from "../scan-job.js";
import type { PayloadRepository } from "./enqueue-jobs.js";

/** A pull request as check suites and check runs list it. */
export interface SuitePull {
  number: number;
  head: { sha: string };
  base: { sha: string };
}

/**
 * The jobs for a commit a check suite or check run names: a review of each pull request it heads, or a check of
 * the commit when it heads none (a branch push, a fork's pull request, which GitHub leaves out of these lists).
 */
export function jobsForCommit(installationId: number, repository: PayloadRepository, sha: string, branch: string | null, pulls: readonly SuitePull[]): ScanJob[] {
  const repo = { owner: repository.owner.login, repo: repository.name };
  const heads = pulls.filter((pull) => pull.head.sha === sha);
  if (heads.length > 0) return heads.map((pull) => ({ kind: "pull", installationId, pull: { ...repo, number: pull.number, baseSha: pull.base.sha, headSha: sha }, ref: `refs/pull/${pull.number}/head` }));
  return [{ kind: "commit", installationId, repo, sha, ref: branch === null ? sha : `refs/heads/${branch}` }];
}
