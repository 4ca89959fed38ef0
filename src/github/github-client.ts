import type { getOctokit } from "@actions/github";

/** The part of an Octokit the use cases need: the Action's `getOctokit` and a Probot context's `octokit` both have it. */
export type GitHubClient = Pick<ReturnType<typeof getOctokit>, "request">;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** Writes progress for the person reading the workflow log or the App's log. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
}
