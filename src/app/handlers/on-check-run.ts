import type { Context } from "probot";
import { enqueueJobs, type HandlerDeps } from "./enqueue-jobs.js";
import { jobsForCommit } from "./jobs-for-commit.js";

/** check_run rerequested ("Re-run" on our check): scan the commit again. */
export function onCheckRun(deps: HandlerDeps) {
  return async (context: Context<"check_run.rerequested">): Promise<void> => {
    const { check_run: run, repository, installation } = context.payload;
    if (installation === undefined) return deps.log.warning(`check_run ${context.id} has no installation: ignored`);
    enqueueJobs(deps, repository, jobsForCommit(installation.id, repository, run.head_sha, run.check_suite.head_branch ?? null, run.pull_requests));
  };
}
