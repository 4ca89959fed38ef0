import { errorMessage } from "./http-error.js";
import type { RepoRef } from "./github-client.js";

/** Says why nothing was posted when GitHub refused the first write with a 403. */
export function readOnlyNotice(repo: RepoRef, error: unknown): string {
  return `The token cannot write to ${repo.owner}/${repo.repo} (403: ${errorMessage(error)}), so nothing was posted to GitHub. Give the job the permissions checks: write and pull-requests: write; the findings are in this job summary and the SARIF file.`;
}

/** Says why nothing is posted on a pull request from a fork. */
export function forkNotice(headRepo: string): string {
  return `This pull request comes from the fork ${headRepo}, and GitHub gives its workflow a read-only token, so nothing was posted to the pull request. The findings are in this job summary and the SARIF file.`;
}
