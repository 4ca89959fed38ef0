import type { context as githubContext } from "@actions/github";
import type { RepoRef } from "../github/github-client.js";
import type { PullRequestRef } from "../github/pull-request-ref.js";

/** What triggered the workflow, as far as the Action cares. */
export type ActionEvent =
  | { kind: "pull-request"; pull: PullRequestRef; /** The fork's name when the head lives in another repository. */ fork?: string }
  | { kind: "commit"; repo: RepoRef; sha: string };

/** pull_request and pull_request_target review the pull request; any other event (push, schedule, dispatch) checks GITHUB_SHA. */
export function readEvent(context: Pick<typeof githubContext, "eventName" | "payload" | "repo" | "sha">): ActionEvent {
  const repo = context.repo;
  if (context.eventName !== "pull_request" && context.eventName !== "pull_request_target") {
    if (!/^[0-9a-f]{40}$/.test(context.sha)) throw new Error(`GITHUB_SHA is ${JSON.stringify(context.sha)}, not a commit id: run this Action in a GitHub workflow`);
    return { kind: "commit", repo, sha: context.sha };
  }
  const pull = context.payload.pull_request as PullRequestPayload | undefined;
  const baseSha = pull?.base?.sha;
  const headSha = pull?.head?.sha;
  if (pull === undefined || typeof pull.number !== "number" || typeof baseSha !== "string" || typeof headSha !== "string") {
    throw new Error(`the ${context.eventName} event (GITHUB_EVENT_PATH) has no pull_request with a number and base and head commits`);
  }
  const headRepo = pull.head?.repo?.full_name ?? null;
  const baseRepo = pull.base?.repo?.full_name ?? `${repo.owner}/${repo.repo}`;
  // pull_request_target runs with the base repository's token, so a fork's pull request can still be written to.
  const fork = context.eventName === "pull_request" && headRepo !== baseRepo ? (headRepo ?? "a deleted fork") : undefined;
  return { kind: "pull-request", pull: { ...repo, number: pull.number, baseSha, headSha }, ...(fork === undefined ? {} : { fork }) };
}

interface PullRequestPayload {
  number?: unknown;
  base?: { sha?: unknown; repo?: { full_name?: string } };
  head?: { sha?: unknown; repo?: { full_name?: string } | null };
}
