import { readFile } from "node:fs/promises";
import path from "node:path";
import { Minimatch } from "minimatch";
import type { SkippedFile, SkipReason } from "../../rule-api/types.js";
import type { Candidate } from "./candidate.js";
import { decodeText } from "./decode-text.js";
import { DEFAULT_EXCLUDES } from "./default-excludes.js";
import { detectBinary } from "./detect-binary.js";
import { detectBundle, detectGenerated } from "./detect-generated.js";
import { detectMinified } from "./detect-minified.js";
import { errorCode } from "./error-code.js";
import { AUXILIARY_MAX_FILE_BYTES } from "./file-size-limits.js";
import type { Limit } from "./limit-concurrency.js";
import type { LoadedFile } from "./types.js";

export interface ReadResult {
  sources: LoadedFile[];
  auxiliary: LoadedFile[];
  skipped: SkippedFile[];
}

const minifiedNames = DEFAULT_EXCLUDES.minifiedFiles.map((pattern) => new Minimatch(pattern, { dot: true }));
const minifiableExtensions: ReadonlySet<string> = new Set(DEFAULT_EXCLUDES.minifiedContent.extensions);

/** Reads the candidates that pass the size, binary, minified and generated checks; size is checked before reading. */
export async function readCandidates(
  root: string,
  candidates: readonly Candidate[],
  maxFileBytes: number,
  limit: Limit,
): Promise<ReadResult> {
  const result: ReadResult = { sources: [], auxiliary: [], skipped: [] };
  // A bundle names its modules from the folder it was built in (a package's, or the repository's), sources or their
  // compiled output (`build/tools/run.js` for `src/tools/run.ts`): any tail of a path, extension aside.
  const stem = (p: string) => p.replace(/\.[cm]?[jt]sx?$/, "");
  const tails = new Set(candidates.flatMap((candidate) => stem(candidate.path).split("/").map((_, i, parts) => parts.slice(i).join("/"))));
  const scanned = (module: string) => tails.has(stem(module)) || tails.has(stem(module).slice(module.indexOf("/") + 1));
  const outcomes = await Promise.all(candidates.map((candidate) => readCandidate(root, candidate, maxFileBytes, limit, scanned)));
  outcomes.forEach((outcome, index) => {
    if ("reason" in outcome) result.skipped.push(outcome);
    else if (candidates[index]?.kind === "source") result.sources.push(outcome);
    else result.auxiliary.push(outcome);
  });
  return result;
}

async function readCandidate(
  root: string,
  candidate: Candidate,
  maxFileBytes: number,
  limit: Limit,
  scanned: (path: string) => boolean,
): Promise<LoadedFile | SkippedFile> {
  const skip = (reason: SkipReason, detail: string): SkippedFile => ({ path: candidate.path, reason, detail });
  const name = path.posix.basename(candidate.path);
  const checkContent = candidate.kind === "source" && !candidate.included;
  if (checkContent && minifiedNames.some((matcher) => matcher.match(name))) return skip("minified", "file name");
  const cap = candidate.kind === "source" ? maxFileBytes : AUXILIARY_MAX_FILE_BYTES;
  if (candidate.size > cap) return skip("too-large", `${candidate.size} bytes, limit ${cap}`);
  let bytes: Buffer;
  try {
    bytes = await limit(() => readFile(candidate.realPath));
  } catch (error) {
    return skip("unreadable", errorCode(error));
  }
  const binary = detectBinary(bytes);
  if (binary) return skip("binary", binary);
  const text = decodeText(bytes);
  if (checkContent) {
    const script = minifiableExtensions.has(path.posix.extname(name));
    const minified = script ? detectMinified(text) : undefined;
    if (minified) return skip("minified", minified);
    const generated = detectGenerated(text) ?? (script ? detectBundle(text, scanned) : undefined);
    if (generated) return skip("generated", generated);
  }
  return { path: candidate.path, absPath: path.join(root, candidate.path), text };
}
