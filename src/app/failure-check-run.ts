import { completeCheckRun, startCheckRun } from "../github/check-run.js";
import type { GitHubClient, RepoRef } from "../github/github-client.js";
import { fence } from "../reporters/markdown-text.js";

/** Publishes a failed check run for a scan that stopped before the use case could start one (bad configuration, unsafe tarball). */
export async function failureCheckRun(client: GitHubClient, repo: RepoRef, sha: string, title: string, problem: string): Promise<void> {
  const run = await startCheckRun(client, repo, sha, undefined);
  await completeCheckRun(client, repo, run, { conclusion: "failure", title, summary: `mcp-warden did not scan this commit:\n\n${fence(problem)}`, pointer: "", annotations: [] });
}
