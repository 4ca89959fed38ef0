import type { Context } from "probot";
import type { HandlerDeps } from "./enqueue-jobs.js";

/** repository privatized or publicized: the badge routes must know at once, not at the next push. */
export function onRepository(deps: HandlerDeps) {
  return async (context: Context<"repository.privatized" | "repository.publicized">): Promise<void> => {
    const { repository } = context.payload;
    deps.store.recordRepository({ owner: repository.owner.login, repo: repository.name, private: repository.private, defaultBranch: repository.default_branch });
  };
}
