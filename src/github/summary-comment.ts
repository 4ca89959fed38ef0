import type { GitHubClient } from "./github-client.js";
import { SUMMARY_MARKER } from "./markers.js";
import { collectPages } from "./paginate.js";
import type { IsOwnComment, PullRequestRef } from "./pull-request-ref.js";

/** Keeps one summary comment on the pull request: the earlier one (found by its marker) is edited in place. Returns its URL. */
export async function upsertSummaryComment(client: GitHubClient, pull: PullRequestRef, body: string, isOwn: IsOwnComment): Promise<string> {
  const comments = await collectPages(async (page, perPage) => {
    const { data } = await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: pull.owner, repo: pull.repo, issue_number: pull.number, per_page: perPage, page });
    return data;
  });
  const earlier = comments.find((c) => (c.body ?? "").startsWith(SUMMARY_MARKER) && isOwn(c.user));
  const text = `${SUMMARY_MARKER}\n${body}`;
  if (earlier !== undefined) {
    const { data } = await client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { owner: pull.owner, repo: pull.repo, comment_id: Number(earlier.id), body: text });
    return data.html_url;
  }
  const { data } = await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: pull.owner, repo: pull.repo, issue_number: pull.number, body: text });
  return data.html_url;
}
