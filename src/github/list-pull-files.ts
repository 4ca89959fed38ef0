import type { PullFile } from "./diff-filter.js";
import type { GitHubClient } from "./github-client.js";
import { collectPages } from "./paginate.js";
import type { PullRequestRef } from "./pull-request-ref.js";

/** The files a pull request changes, with their patches (GitHub lists at most 3,000). */
export async function listPullFiles(client: GitHubClient, pull: PullRequestRef): Promise<PullFile[]> {
  return collectPages(async (page, perPage) => {
    const { data } = await client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { owner: pull.owner, repo: pull.repo, pull_number: pull.number, per_page: perPage, page });
    return data.map((file) => ({ filename: file.filename, status: file.status, ...(file.patch === undefined ? {} : { patch: file.patch }) }));
  });
}
