import type { GitHubClient, Logger, RepoRef } from "../github/github-client.js";
import { httpStatus } from "../github/http-error.js";

const CONTENTS_ROUTE = "GET /repos/{owner}/{repo}/contents/{path}";

/**
 * A client that reads `file` from the owner's `.github` repository (its default branch) when the repository itself
 * has none, as GitHub does for community health files; every other request passes through unchanged.
 */
export function configFallbackClient(client: GitHubClient, repo: RepoRef, file: string, log: Logger): GitHubClient {
  // Any route passes through this wrapper, so it is typed loosely and handed back as the client's own signature.
  const call = client.request as unknown as (route: string, parameters?: Record<string, unknown>) => Promise<unknown>;
  const request = async (route: string, parameters?: Record<string, unknown>) => {
    const isConfigRead = route === CONTENTS_ROUTE && parameters?.path === file && parameters.owner === repo.owner && parameters.repo === repo.repo && repo.repo !== ".github";
    if (!isConfigRead) return call(route, parameters);
    try {
      return await call(route, parameters);
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
      log.info(`${file} is not in ${repo.owner}/${repo.repo} at that commit: looking in ${repo.owner}/.github`);
      return call(CONTENTS_ROUTE, { owner: repo.owner, repo: ".github", path: file });
    }
  };
  return { request: Object.assign(request, { defaults: client.request.defaults, endpoint: client.request.endpoint }) as unknown as GitHubClient["request"] };
}
