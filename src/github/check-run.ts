import type { CheckAnnotation } from "./annotations.js";
import type { GitHubClient, Logger, RepoRef } from "./github-client.js";
import { errorMessage } from "./http-error.js";
import { GITHUB_TEXT_MAX, truncateMarkdown } from "./truncate-markdown.js";

export const CHECK_RUN_NAME = "mcp-warden";

/** GitHub takes at most 50 annotations per check run request. */
export const ANNOTATIONS_PER_REQUEST = 50;

// Beyond this, annotations add nothing a reader can take in; the summary says how many were left out.
export const MAX_ANNOTATIONS = 1000;

export interface CheckRun {
  id: number;
  url: string;
}

export interface CheckRunResult {
  conclusion: "success" | "failure" | "neutral";
  title: string;
  /** Markdown; cut to GitHub's limit with `pointer` saying where the rest is. */
  summary: string;
  pointer: string;
  annotations: readonly CheckAnnotation[];
}

/** Creates the check run, in progress, for a commit. This is a use case's first write, where a read-only token shows. */
export async function startCheckRun(client: GitHubClient, repo: RepoRef, headSha: string, detailsUrl: string | undefined): Promise<CheckRun> {
  const { data } = await client.request("POST /repos/{owner}/{repo}/check-runs", {
    ...repo,
    name: CHECK_RUN_NAME,
    head_sha: headSha,
    status: "in_progress",
    ...(detailsUrl === undefined ? {} : { details_url: detailsUrl }),
  });
  return { id: Number(data.id), url: data.html_url ?? "" };
}

/** Adds the annotations in batches of 50 (one update each), then completes the run with its conclusion and summary. */
export async function completeCheckRun(client: GitHubClient, repo: RepoRef, run: CheckRun, result: CheckRunResult): Promise<void> {
  const summary = truncateMarkdown(result.summary, GITHUB_TEXT_MAX, result.pointer);
  const annotations = result.annotations.slice(0, MAX_ANNOTATIONS);
  for (let start = 0; start < annotations.length; start += ANNOTATIONS_PER_REQUEST) {
    await client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...repo,
      check_run_id: run.id,
      output: { title: result.title, summary, annotations: annotations.slice(start, start + ANNOTATIONS_PER_REQUEST) },
    });
  }
  await client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    ...repo,
    check_run_id: run.id,
    status: "completed",
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output: { title: result.title, summary },
  });
}

/** Completes a check run whose use case failed part-way, so it does not stay "in progress" for ever. */
export async function abandonCheckRun(client: GitHubClient, repo: RepoRef, run: CheckRun, error: unknown, log: Logger): Promise<void> {
  const reason = errorMessage(error);
  try {
    await client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...repo,
      check_run_id: run.id,
      status: "completed",
      conclusion: "failure",
      completed_at: new Date().toISOString(),
      output: { title: "mcp-warden could not finish", summary: truncateMarkdown(`mcp-warden stopped before publishing its results: ${reason}`, GITHUB_TEXT_MAX, "") },
    });
  } catch (secondary) {
    // The original error is what the caller reports; this one only explains the check run left in progress.
    log.warning(`could not complete the check run after a failure: ${errorMessage(secondary)}`);
  }
}
