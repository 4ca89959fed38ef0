import path from "node:path";
import * as core from "@actions/core";
import { ConfigurationError, FAIL_ON_VALUES, type FailOn } from "../config/index.js";
import { MAX_THREADS, resolveConcurrency } from "../engine/batch-pool.js";
import { wholeNumber } from "../engine/whole-number.js";
import { FILTER_MODES, type FilterMode } from "../github/diff-filter.js";
import { COMMENT_MODES, type CommentMode } from "../github/review-pull-request.js";
import type { ScanCapacity } from "../github/scan-repository.js";

/** The inputs of action.yml, validated. */
export interface ActionInputs {
  /** The folder to scan, relative to the repository root. */
  path: string;
  config?: string;
  failOn?: FailOn;
  comment: CommentMode;
  filter: FilterMode;
  /** Where to write SARIF, relative to the workspace or absolute. */
  sarifFile: string;
  /** Folder for the badge files, when asked for. */
  badge?: string;
  token: string;
  /** Threads and lines per program for the scan. */
  capacity: ScanCapacity;
}

/** Reads every input (GitHub passes them as INPUT_<NAME> variables) and fails with the input's name on a bad value. */
export function readInputs(): ActionInputs {
  const token = core.getInput("token");
  if (token === "") throw inputError("token", token, "is empty", "a GitHub token (the default is ${{ github.token }})");
  core.setSecret(token);
  const failOn = core.getInput("fail-on");
  const config = core.getInput("config");
  const badge = core.getInput("badge");
  const concurrency = core.getInput("concurrency") || "auto";
  const batchLines = core.getInput("batch-lines");
  return {
    path: repositoryPath("path", core.getInput("path") || "."),
    ...(config === "" ? {} : { config: repositoryPath("config", config) }),
    ...(failOn === "" ? {} : { failOn: oneOf("fail-on", failOn, FAIL_ON_VALUES) }),
    comment: oneOf("comment", core.getInput("comment") || "review", COMMENT_MODES),
    filter: oneOf("filter", core.getInput("filter") || "added", FILTER_MODES),
    sarifFile: core.getInput("sarif-file") || "mcp-warden.sarif",
    ...(badge === "" ? {} : { badge }),
    token,
    capacity: {
      concurrency: resolveConcurrency(concurrency === "auto" ? "auto" : wholeNumberInput("concurrency", concurrency, MAX_THREADS, `a whole number of threads from 1 to ${MAX_THREADS}, or auto`)),
      ...(batchLines === "" ? {} : { batchLines: wholeNumberInput("batch-lines", batchLines, Number.MAX_SAFE_INTEGER, "a whole number of lines from 1") }),
    },
  };
}

function wholeNumberInput(name: string, value: string, max: number, expected: string): number {
  const n = wholeNumber(value, max);
  if (n === undefined) throw inputError(name, value, undefined, expected);
  return n;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((option) => option === value);
  if (found === undefined) throw inputError(name, value, undefined, `one of ${allowed.join(", ")}`);
  return found;
}

/** A path inside the repository, as the contents API and the scan take it. */
function repositoryPath(name: string, value: string): string {
  const normal = path.posix.normalize(value.replace(/\\/g, "/"));
  if (path.posix.isAbsolute(normal) || normal === ".." || normal.startsWith("../")) throw inputError(name, value, "is outside the repository", "a path relative to the repository root");
  return normal.replace(/\/$/, "") || ".";
}

function inputError(name: string, value: string, problem: string | undefined, expected: string): ConfigurationError {
  return new ConfigurationError({ key: `input ${name}`, value, expected, ...(problem === undefined ? {} : { problem: `${JSON.stringify(value)} ${problem}` }) });
}
