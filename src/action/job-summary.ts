import * as core from "@actions/core";
import { JOB_SUMMARY_MAX_BYTES, truncateMarkdownBytes } from "../github/truncate-markdown.js";

/** Writes the job summary (GITHUB_STEP_SUMMARY), cut to GitHub's 1 MiB limit with a note pointing to the SARIF file. */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info("GITHUB_STEP_SUMMARY is not set: no job summary written");
    return;
  }
  const text = truncateMarkdownBytes(markdown, JOB_SUMMARY_MAX_BYTES, "_Cut short to fit GitHub's 1 MiB limit on job summaries: the SARIF file has every finding._");
  await core.summary.addRaw(text, true).write({ overwrite: true });
}
