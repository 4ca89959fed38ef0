import type { Context } from "probot";
import { enqueueJobs, type HandlerDeps } from "./enqueue-jobs.js";

/** pull_request opened, synchronize, reopened: review the head commit against the base. */
export function onPullRequest(deps: HandlerDeps) {
  return async (context: Context<"pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened">): Promise<void> => {
    const { pull_request: pull, repository, installation } = context.payload;
    if (installation === undefined) return deps.log.warning(`pull_request ${context.id} has no installation: ignored`);
    const repo = { owner: repository.owner.login, repo: repository.name };
    enqueueJobs(deps, repository, [
      { kind: "pull", installationId: installation.id, pull: { ...repo, number: pull.number, baseSha: pull.base.sha, headSha: pull.head.sha }, ref: `refs/pull/${pull.number}/head` },
    ]);
  };
}
