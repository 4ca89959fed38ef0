import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Config, FailOn } from "../config/index.js";
import { formatMarkdown } from "../reporters/markdown.js";
import type { Finding, ScanReport, ToolInfo } from "../rule-api/types.js";
import { toAnnotation } from "./annotations.js";
import { checkRunTitle } from "./check-run-title.js";
import { abandonCheckRun, completeCheckRun, startCheckRun, type CheckRun } from "./check-run.js";
import { createDiffFilter, type DiffFilter, type FilterMode } from "./diff-filter.js";
import { fails } from "./fails.js";
import { fullReportPointer } from "./full-report-pointer.js";
import type { GitHubClient, Logger } from "./github-client.js";
import { errorMessage, httpStatus } from "./http-error.js";
import { inlineComment, type InlineComment } from "./inline-comment.js";
import { descriptionComment } from "./description-comment.js";
import { diffInventory, type InventoryChanges, type TextChange } from "./inventory-changes.js";
import { listPullFiles } from "./list-pull-files.js";
import { publishReview, type ReviewOutcome } from "./publish-review.js";
import type { IsOwnComment, PullRequestRef } from "./pull-request-ref.js";
import { pullRequestSummary, type PullRequestSummary } from "./pull-request-summary.js";
import { readConfigAtRef } from "./read-config-at-ref.js";
import { readOnlyNotice } from "./read-only-notice.js";
import { scanBaseInventory } from "./scan-base-inventory.js";
import { scanRepository, type ScanCapacity } from "./scan-repository.js";
import { upsertSummaryComment } from "./summary-comment.js";

/** review: inline comments, summary comment and check run; summary: no inline comments; none: the check run only. */
export type CommentMode = "review" | "summary" | "none";

export const COMMENT_MODES: readonly CommentMode[] = ["review", "summary", "none"];

export interface ReviewPullRequestOptions {
  client: GitHubClient;
  pull: PullRequestRef;
  /** A checkout of the pull request's head (the Action's workspace; the App extracts the head tarball). */
  checkout: string;
  /** The folder to scan, relative to the repository root. */
  scanPath: string;
  /** Another configuration file, relative to the repository root; still read from the base commit. */
  configPath?: string;
  comment: CommentMode;
  filter: FilterMode;
  /** Overrides the configuration's failOn. */
  failOn?: FailOn;
  /** Set when the token is known to be read-only (a fork's pull request): why nothing is posted. */
  readOnly?: string;
  isOwnComment: IsOwnComment;
  tempDir: string;
  /** Where the full report is (the workflow run), linked from what is cut short. */
  detailsUrl?: string;
  capacity?: ScanCapacity;
  log: Logger;
}

export interface ReviewPullRequestResult {
  report: ScanReport;
  /** The findings the filter keeps: those the pull request is judged on. */
  kept: readonly Finding[];
  failOn: FailOn;
  failed: boolean;
  /** The summary comment's text, for a job summary. */
  summary: string;
  /** Why nothing was posted, when nothing was. */
  notice?: string;
}

type Facts = Omit<PullRequestSummary, "notInline" | "links" | "review" | "notice">;

// Inline comments per review; the rest go to the summary and the check run.
const MAX_INLINE = 100;

/**
 * Reviews a pull request: configuration from the base commit, a scan of the head, findings filtered to the diff,
 * one review of inline comments (deduplicated by fingerprint), a check run with annotations, a sticky summary
 * comment with the checklist grade and the tool inventory's changes against the base.
 */
export async function reviewPullRequest(options: ReviewPullRequestOptions): Promise<ReviewPullRequestResult> {
  const { client, pull, log } = options;
  const { config, source } = await readConfigAtRef(client, pull, pull.baseSha, options.scanPath, options.configPath, log);
  log.info(source === undefined ? `no configuration file at the base commit ${pull.baseSha.slice(0, 7)}: using the defaults` : `configuration read from ${source} (the base commit)`);
  const report = await scanRepository({ checkout: options.checkout, scanPath: options.scanPath, config, commit: pull.headSha, ...(options.capacity ? { capacity: options.capacity } : {}) });
  const filter = createDiffFilter(await listPullFiles(client, pull), options.filter);
  const kept = report.findings.filter((f) => filter.keepsFinding(f));
  const failOn = options.failOn ?? config.failOn;
  const failed = fails(kept, failOn);
  const inventory = await compareInventory(options, config, report);
  const facts = { report, kept, failOn, failed, filter: options.filter, ...inventory };
  let notice = options.readOnly;
  let run: CheckRun | undefined;
  if (notice === undefined) {
    try {
      run = await startCheckRun(client, pull, pull.headSha, options.detailsUrl);
    } catch (error) {
      if (httpStatus(error) !== 403) throw error;
      notice = readOnlyNotice(pull, error);
    }
  }
  if (run === undefined) {
    const summary = pullRequestSummary({ ...facts, notInline: kept, links: detailsLink(options), ...(notice === undefined ? {} : { notice }) });
    return { report, kept, failOn, failed, summary, ...(notice === undefined ? {} : { notice }) };
  }
  try {
    return await publish(options, facts, filter, run);
  } catch (error) {
    await abandonCheckRun(client, pull, run, error, log);
    throw error;
  }
}

/** Posts the review and the summary comment, then completes the check run. */
async function publish(options: ReviewPullRequestOptions, facts: Facts, filter: DiffFilter, run: CheckRun): Promise<ReviewPullRequestResult> {
  const { client, pull, log } = options;
  const { report, kept, failOn, failed } = facts;
  let outcome: ReviewOutcome | undefined;
  if (options.comment === "review") {
    const comments = await inlineComments(kept, facts.changes?.descriptions ?? [], filter, options.checkout);
    const active = new Set([...report.findings.map((f) => f.fingerprint), ...comments.map((c) => c.fingerprint)]);
    outcome = await publishReview(client, pull, comments, active, options.isOwnComment, log);
  }
  const inline = new Set([...(outcome?.posted ?? []), ...(outcome?.existing ?? [])].flatMap((c) => (c.finding ? [c.finding] : [])));
  const notInline = kept.filter((f) => !inline.has(f));
  const links = [...(run.url ? [{ label: "Check run", url: run.url }] : []), ...detailsLink(options)];
  const review = outcome ? { posted: outcome.posted.length, existing: outcome.existing.length, resolved: outcome.resolved } : undefined;
  const summary = pullRequestSummary({ ...facts, notInline, links, ...(review ? { review } : {}) });
  if (options.comment !== "none") await upsertSummaryComment(client, pull, summary, options.isOwnComment);
  await completeCheckRun(client, pull, run, {
    conclusion: failed ? "failure" : "success",
    title: checkRunTitle(kept.length, report.compliance),
    summary: `${summary}\n---\n\n${formatMarkdown(report)}`,
    pointer: fullReportPointer(options.detailsUrl),
    annotations: notInline.map(toAnnotation),
  });
  return { report, kept, failOn, failed, summary };
}

async function compareInventory(options: ReviewPullRequestOptions, config: Config, report: ScanReport): Promise<{ changes: InventoryChanges } | { inventoryProblem: string }> {
  try {
    const base = await scanBaseInventory(options.client, options.pull, options.pull.baseSha, options.scanPath, config, options.tempDir);
    if (base.skippedLinks.length > 0) options.log.info(`left out ${base.skippedLinks.length} symbolic links of the base that point outside it`);
    return { changes: diffInventory(base.inventory, report.inventory) };
  } catch (error) {
    // The findings still stand without the comparison; the summary says it is missing and why.
    options.log.warning(`could not scan the base commit ${options.pull.baseSha.slice(0, 7)} for its tools: ${errorMessage(error)}`);
    return { inventoryProblem: `the base commit could not be scanned (${errorMessage(error)})` };
  }
}

/** Inline comments for the kept findings and the changed tool descriptions on the diff's lines, reading each file once. */
async function inlineComments(kept: readonly Finding[], descriptions: readonly TextChange<ToolInfo>[], filter: DiffFilter, checkout: string): Promise<InlineComment[]> {
  const cache = new Map<string, string[] | undefined>();
  const linesOf = async (file: string) => {
    if (!cache.has(file)) cache.set(file, await fileLines(path.join(checkout, file)));
    return cache.get(file);
  };
  const comments: InlineComment[] = [];
  for (const change of descriptions) {
    const comment = descriptionComment(change, filter, await linesOf(change.item.location.path));
    if (comment !== undefined) comments.push(comment);
  }
  for (const finding of kept) {
    if (comments.length >= MAX_INLINE) break;
    const lines = finding.fix?.replacement === undefined ? undefined : await linesOf(finding.location.path);
    const comment = inlineComment(finding, filter, lines);
    if (comment !== undefined) comments.push(comment);
  }
  return comments;
}

async function fileLines(file: string): Promise<string[] | undefined> {
  try {
    return (await readFile(file, "utf8")).split(/\r?\n/);
  } catch (error) {
    // A file the scan read and that is gone now gets no suggestion; anything else is a real failure.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function detailsLink(options: { detailsUrl?: string }): { label: string; url: string }[] {
  return options.detailsUrl === undefined ? [] : [{ label: "Full report (job summary)", url: options.detailsUrl }];
}
