import type { Context } from "probot";
import { enqueueJobs, type HandlerDeps } from "./enqueue-jobs.js";
import { jobsForCommit } from "./jobs-for-commit.js";

/** check_suite requested (a push): the suite's pull requests, or the commit alone. */
export function onCheckSuite(deps: HandlerDeps) {
  return async (context: Context<"check_suite.requested">): Promise<void> => {
    const { check_suite: suite, repository, installation } = context.payload;
    if (installation === undefined) return deps.log.warning(`check_suite ${context.id} has no installation: ignored`);
    enqueueJobs(deps, repository, jobsForCommit(installation.id, repository, suite.head_sha, suite.head_branch, suite.pull_requests));
  };
}
