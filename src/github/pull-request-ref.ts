import type { RepoRef } from "./github-client.js";

/** The pull request a use case works on. */
export interface PullRequestRef extends RepoRef {
  number: number;
  baseSha: string;
  headSha: string;
}

/** The author of a comment, as the REST API gives it. */
export interface CommentAuthor {
  login: string;
  type?: string;
}

/** Tells the comments this tool wrote (under the token's identity) from anyone else's, markers or not. */
export type IsOwnComment = (author: CommentAuthor | null | undefined) => boolean;
