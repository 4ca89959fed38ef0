import type { Finding } from "../rule-api/types.js";
import { parsePatch, type Hunk } from "./parse-diff.js";

/** Which findings belong to a pull request, as reviewdog names them. */
export type FilterMode = "added" | "diff_context" | "file" | "nofilter";

export const FILTER_MODES: readonly FilterMode[] = ["added", "diff_context", "file", "nofilter"];

/** A file of `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`; `patch` is absent for binary and very large diffs. */
export interface PullFile {
  filename: string;
  status: string;
  patch?: string;
}

export interface DiffFilter {
  /** The filter keeps a finding at this line of this file (repository-relative path). */
  keeps(path: string, line: number): boolean;
  /** The finding's region, or a step of its trace, is kept. */
  keepsFinding(finding: Finding): boolean;
  /** Lines start..end can carry one review comment: GitHub accepts comments only on lines of one hunk of the diff. */
  commentable(path: string, start: number, end: number): boolean;
}

// A finding spanning more lines than this is judged by its first ones.
const MAX_REGION_LINES = 200;

/** Builds the filter from the pull request's files. */
export function createDiffFilter(files: readonly PullFile[], mode: FilterMode): DiffFilter {
  const byPath = new Map<string, Hunk[]>();
  for (const file of files) if (file.status !== "removed") byPath.set(file.filename, file.patch === undefined ? [] : parsePatch(file.patch));
  const keeps = (path: string, line: number): boolean => {
    if (mode === "nofilter") return true;
    const hunks = byPath.get(path);
    if (hunks === undefined) return false;
    if (mode === "file") return true;
    if (mode === "added") return hunks.some((hunk) => hunk.added.includes(line));
    return hunks.some((hunk) => line >= hunk.newStart && line <= hunk.newEnd);
  };
  const keepsRegion = (path: string, start: number, end: number): boolean => {
    for (let line = start; line <= Math.min(end, start + MAX_REGION_LINES); line++) if (keeps(path, line)) return true;
    return false;
  };
  return {
    keeps,
    keepsFinding: (finding) =>
      keepsRegion(finding.location.path, finding.location.line, finding.location.endLine) ||
      finding.trace.some((step) => keeps(step.location.path, step.location.line)),
    commentable: (path, start, end) => (byPath.get(path) ?? []).some((hunk) => start >= hunk.newStart && end <= hunk.newEnd && start <= end),
  };
}
