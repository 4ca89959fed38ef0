import { pluralize } from "../reporters/pluralize.js";
import type { GitHubClient, Logger } from "./github-client.js";
import { errorMessage, httpStatus } from "./http-error.js";
import type { InlineComment } from "./inline-comment.js";
import { fingerprintMarker, markedFingerprint, RESOLVED_MARKER } from "./markers.js";
import { collectPages } from "./paginate.js";
import type { IsOwnComment, PullRequestRef } from "./pull-request-ref.js";

export interface ReviewOutcome {
  /** Posted in this run's review. */
  posted: InlineComment[];
  /** Already commented by an earlier run (a resolved comment is edited back). */
  existing: InlineComment[];
  /** Refused by GitHub (422), to be reported elsewhere. */
  rejected: InlineComment[];
  /** Earlier comments edited to say their finding is gone. */
  resolved: number;
}

// Edits of earlier comments per run; the rest wait for the next run.
const MAX_EDITS = 100;

/**
 * Posts one review with the comments no earlier run posted (found by their fingerprint markers), edits earlier
 * comments whose fingerprint is no longer active, and when GitHub refuses the review (422) finds the comments it refuses and
 * posts the others.
 */
export async function publishReview(client: GitHubClient, pull: PullRequestRef, comments: readonly InlineComment[], activeFingerprints: ReadonlySet<string>, isOwn: IsOwnComment, log: Logger): Promise<ReviewOutcome> {
  const earlier = await ownReviewComments(client, pull, isOwn);
  const fresh: InlineComment[] = [];
  const existing: InlineComment[] = [];
  let edits = 0;
  for (const comment of comments) {
    const old = earlier.get(comment.fingerprint);
    if (old === undefined) fresh.push(comment);
    else {
      existing.push(comment);
      if (old.body.includes(RESOLVED_MARKER) && edits++ < MAX_EDITS) await editComment(client, pull, old.id, comment.body);
    }
  }
  let resolved = 0;
  for (const [fingerprint, old] of earlier) {
    if (activeFingerprints.has(fingerprint) || old.body.includes(RESOLVED_MARKER) || edits++ >= MAX_EDITS) continue;
    await editComment(client, pull, old.id, resolvedBody(fingerprint, old.body, pull.headSha));
    resolved++;
  }
  const rejected = await postReview(client, pull, fresh, log);
  return { posted: fresh.filter((c) => !rejected.includes(c)), existing, rejected, resolved };
}

async function ownReviewComments(client: GitHubClient, pull: PullRequestRef, isOwn: IsOwnComment): Promise<Map<string, { id: number; body: string }>> {
  const all = await collectPages(async (page, perPage) => {
    const { data } = await client.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/comments", { owner: pull.owner, repo: pull.repo, pull_number: pull.number, per_page: perPage, page });
    return data;
  });
  const mine = new Map<string, { id: number; body: string }>();
  for (const comment of all) {
    const fingerprint = markedFingerprint(comment.body);
    if (fingerprint !== undefined && isOwn(comment.user) && !mine.has(fingerprint)) mine.set(fingerprint, { id: Number(comment.id), body: comment.body });
  }
  return mine;
}

async function editComment(client: GitHubClient, pull: PullRequestRef, id: number, body: string): Promise<void> {
  await client.request("PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}", { owner: pull.owner, repo: pull.repo, comment_id: id, body });
}

function resolvedBody(fingerprint: string, body: string, headSha: string): string {
  // The old suggestion must not stay applicable once the finding is gone.
  const original = body.replace(/<!-- mcp-warden:[^>]*-->\n*/g, "").replace(/^(`{3,})suggestion$/gm, "$1ts");
  return [
    fingerprintMarker(fingerprint),
    RESOLVED_MARKER,
    `✔ **No longer reported** at \`${headSha.slice(0, 7)}\`: fixed, suppressed or changed back.`,
    `<details>\n<summary>Original comment</summary>\n\n${original}\n\n</details>`,
  ].join("\n\n");
}

/** Posts the comments as one review; returns those GitHub refused. */
async function postReview(client: GitHubClient, pull: PullRequestRef, comments: readonly InlineComment[], log: Logger): Promise<InlineComment[]> {
  if (comments.length === 0) return [];
  const body = `mcp-warden: ${pluralize(comments.length, "new review point")} on the lines this pull request changes. The summary comment has the checklist grade and everything else.`;
  try {
    await createReview(client, pull, comments, body);
    return [];
  } catch (error) {
    if (httpStatus(error) !== 422) throw error;
    log.warning(`GitHub refused the review (422: ${errorMessage(error)}); finding the comments it refuses`);
  }
  const rejected = await refusedComments(client, pull, comments, true);
  const accepted = comments.filter((c) => !rejected.includes(c));
  if (accepted.length > 0) await createReview(client, pull, accepted, body);
  log.warning(`${pluralize(rejected.length, "comment")} refused by GitHub moved to the summary and the check run`);
  return rejected;
}

/** The comments GitHub refuses, found by halving: each half is tried as a pending review, deleted at once. */
async function refusedComments(client: GitHubClient, pull: PullRequestRef, comments: readonly InlineComment[], knownRefused: boolean): Promise<InlineComment[]> {
  if (!knownRefused && (await accepted(client, pull, comments))) return [];
  if (comments.length === 1) return [...comments];
  const middle = Math.ceil(comments.length / 2);
  const left = await refusedComments(client, pull, comments.slice(0, middle), false);
  // When the left half passed, the refused comment must be in the right half.
  const right = await refusedComments(client, pull, comments.slice(middle), left.length === 0);
  return [...left, ...right];
}

async function accepted(client: GitHubClient, pull: PullRequestRef, comments: readonly InlineComment[]): Promise<boolean> {
  let id: number;
  try {
    id = Number((await createReview(client, pull, comments)).data.id);
  } catch (error) {
    if (httpStatus(error) === 422) return false;
    throw error;
  }
  await client.request("DELETE /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}", { owner: pull.owner, repo: pull.repo, pull_number: pull.number, review_id: id });
  return true;
}

/** A review with an event is submitted at once; without one it stays pending (used to test comments). */
function createReview(client: GitHubClient, pull: PullRequestRef, comments: readonly InlineComment[], body?: string) {
  return client.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
    owner: pull.owner,
    repo: pull.repo,
    pull_number: pull.number,
    commit_id: pull.headSha,
    ...(body === undefined ? {} : { body, event: "COMMENT" as const }),
    comments: comments.map((c) => ({
      path: c.path,
      line: c.line,
      side: "RIGHT",
      ...(c.startLine === undefined ? {} : { start_line: c.startLine, start_side: "RIGHT" }),
      body: c.body,
    })),
  });
}
