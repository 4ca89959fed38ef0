import type { GitHubClient } from "./github-client.js";
import { httpStatus } from "./http-error.js";
import type { IsOwnComment } from "./pull-request-ref.js";

/**
 * Tells this token's comments from others', so a marker copied into someone else's comment is never taken for ours:
 * a personal token's user is known from `GET /user`; an installation token (GITHUB_TOKEN, an App) gets 403 there
 * and writes as a bot, which a person's account can never be.
 */
export async function ownCommentFilter(client: GitHubClient): Promise<IsOwnComment> {
  try {
    const { data } = await client.request("GET /user");
    return (author) => author?.login === data.login;
  } catch (error) {
    if (httpStatus(error) !== 403) throw error;
    return (author) => author?.type === "Bot";
  }
}
