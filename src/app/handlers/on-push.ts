import type { Context } from "probot";
import { enqueueJobs, type HandlerDeps } from "./enqueue-jobs.js";

/** push to the default branch: check the new head, which the badge then shows; other branches are left to pull requests. */
export function onPush(deps: HandlerDeps) {
  return async (context: Context<"push">): Promise<void> => {
    const { ref, after, deleted, repository, installation } = context.payload;
    if (installation === undefined) return deps.log.warning(`push ${context.id} has no installation: ignored`);
    const defaultBranch = repository.default_branch;
    if (deleted || ref !== `refs/heads/${defaultBranch}`) return;
    const owner = repository.owner?.login ?? repository.owner?.name ?? "";
    enqueueJobs(deps, { name: repository.name, owner: { login: owner }, private: repository.private, default_branch: defaultBranch }, [
      { kind: "commit", installationId: installation.id, repo: { owner, repo: repository.name }, sha: after, ref },
    ]);
  };
}
