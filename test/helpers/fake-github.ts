import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { GitRepo } from "./git-repo.js";
import { closeNow, listenLocally } from "./local-server.js";

/** A request the fake received, for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  status: number;
  /** Milliseconds since the server started. */
  at: number;
}

interface User {
  login: string;
  type: "Bot" | "User";
}

export interface ReviewComment {
  id: number;
  pull_request_review_id: number;
  path: string;
  line: number;
  start_line: number | null;
  side: string;
  body: string;
  commit_id: string;
  user: User;
}

export interface IssueComment {
  id: number;
  body: string;
  user: User;
  html_url: string;
}

export interface Review {
  id: number;
  state: "COMMENTED" | "PENDING";
  body: string;
  commit_id: string;
  comments: ReviewComment[];
}

export interface CheckRunRecord {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string };
  annotations: Record<string, unknown>[];
  /** Annotations per request, in order. */
  batches: number[];
}

export interface FakeGitHubOptions {
  git: GitRepo;
  owner: string;
  repo: string;
  token: string;
  /** Every write answers 403 "Resource not accessible by integration", as for a fork's token. */
  readOnly?: boolean;
  /** "path:line" review lines GitHub refuses although the patch shows them (as after a force-push). */
  refusedLines?: readonly string[];
  /** "METHOD /path" routes answered once with a secondary rate limit (403 and retry-after: 1). */
  rateLimitOnce?: readonly string[];
  /** "METHOD /path" routes that always answer 500, as during an outage. */
  broken?: readonly string[];
  /** "METHOD /path" routes whose first request answers 500, as in a short outage. */
  brokenOnce?: readonly string[];
}

const BOT: User = { login: "github-actions[bot]", type: "Bot" };
const DOCS = "https://docs.github.com/rest";
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * A local server that answers like the GitHub REST API for what the Action uses: pull request files with real
 * patches from a git repository, reviews (422 for a line outside the diff), review and issue comments, check runs
 * (422 above 50 annotations), contents and tarballs. It listens on 127.0.0.1 only.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly reviews: Review[] = [];
  readonly reviewComments: ReviewComment[] = [];
  readonly issueComments: IssueComment[] = [];
  readonly checkRuns: CheckRunRecord[] = [];
  url = "";
  private readonly pulls = new Map<number, { base: string; head: string }>();
  private readonly rateLimited: Set<string>;
  private readonly brokenOnce: Set<string>;
  private readonly server: Server;
  private readonly started = Date.now();
  private nextId = 1000;

  constructor(private readonly options: FakeGitHubOptions) {
    this.rateLimited = new Set(options.rateLimitOnce ?? []);
    this.brokenOnce = new Set(options.brokenOnce ?? []);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
    });
  }

  async start(): Promise<void> {
    this.url = await listenLocally(this.server);
  }

  async stop(): Promise<void> {
    await closeNow(this.server);
  }

  /** Sets (or moves, after a push) a pull request's base and head commits. */
  setPull(number: number, base: string, head: string): void {
    this.pulls.set(number, { base, head });
  }

  /** Requests other than reads. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== "GET");
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const body = await readBody(req);
    const record: RecordedRequest = { method, path: url.pathname, query: url.searchParams, body, status: 0, at: Date.now() - this.started };
    this.requests.push(record);
    const reply = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      send(res, status, data, headers);
    };
    if (url.pathname.startsWith("/_codeload/")) return this.codeload(url.pathname, record, res);
    const auth = req.headers.authorization ?? "";
    if (auth !== `token ${this.options.token}` && auth !== `Bearer ${this.options.token}`) return reply(401, { message: "Bad credentials", documentation_url: DOCS, status: "401" });
    const prefix = `/repos/${this.options.owner}/${this.options.repo}`;
    const route = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const key = `${method} ${route.replace(/\/\d+(?=\/|$)/g, "/:id")}`;
    if (this.rateLimited.delete(key)) {
      return reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: DOCS }, { "retry-after": "1" });
    }
    if (this.options.broken?.includes(key) || this.brokenOnce.delete(key)) return reply(500, { message: "Server Error" });
    if (method !== "GET" && this.options.readOnly) return reply(403, { message: "Resource not accessible by integration", documentation_url: DOCS, status: "403" });
    const answer = this.route(method, route, url.searchParams, body, url.pathname);
    if (answer.redirect) {
      record.status = 302;
      res.writeHead(302, { location: `${this.url}${answer.redirect}` }).end();
      return;
    }
    reply(answer.status, answer.data);
  }

  private route(method: string, route: string, query: URLSearchParams, body: unknown, fullPath: string): { status: number; data?: unknown; redirect?: string } {
    const m = (pattern: RegExp) => pattern.exec(route);
    let match: RegExpExecArray | null;
    if (method === "GET" && fullPath === "/user") return { status: 403, data: { message: "Resource not accessible by integration", documentation_url: DOCS, status: "403" } };
    if (method === "GET" && (match = m(/^\/pulls\/(\d+)\/files$/))) return { status: 200, data: page(this.pullFiles(Number(match[1])), query) };
    if (method === "GET" && (match = m(/^\/pulls\/(\d+)\/comments$/))) return { status: 200, data: page(this.reviewComments, query) };
    if (method === "POST" && (match = m(/^\/pulls\/(\d+)\/reviews$/))) return this.createReview(Number(match[1]), body as ReviewRequest);
    if (method === "DELETE" && (match = m(/^\/pulls\/(\d+)\/reviews\/(\d+)$/))) return this.deletePendingReview(Number(match[2]));
    if (method === "PATCH" && (match = m(/^\/pulls\/comments\/(\d+)$/))) return this.editBody(this.reviewComments, Number(match[1]), body);
    if (method === "GET" && m(/^\/issues\/(\d+)\/comments$/)) return { status: 200, data: page(this.issueComments, query) };
    if (method === "POST" && m(/^\/issues\/(\d+)\/comments$/)) {
      const id = this.nextId++;
      const comment = { id, body: (body as { body: string }).body, user: BOT, html_url: `https://github.test/comment/${id}` };
      this.issueComments.push(comment);
      return { status: 201, data: comment };
    }
    if (method === "PATCH" && (match = m(/^\/issues\/comments\/(\d+)$/))) return this.editBody(this.issueComments, Number(match[1]), body);
    if (method === "POST" && route === "/check-runs") return this.createCheckRun(body as CheckRunRequest);
    if (method === "PATCH" && (match = m(/^\/check-runs\/(\d+)$/))) return this.updateCheckRun(Number(match[1]), body as CheckRunRequest);
    if (method === "GET" && (match = m(/^\/contents\/(.+)$/))) return this.contents(decodeURIComponent(match[1] ?? ""), query.get("ref") ?? "HEAD");
    if (method === "GET" && (match = m(/^\/tarball\/(.+)$/))) return { status: 302, redirect: `/_codeload/${this.options.owner}/${this.options.repo}/legacy.tar.gz/${match[1]}` };
    return { status: 404, data: { message: "Not Found", documentation_url: DOCS, status: "404" } };
  }

  private pullFiles(number: number): { filename: string; status: string; patch?: string }[] {
    const pull = this.pull(number);
    const statuses: Record<string, string> = { A: "added", M: "modified", D: "removed" };
    return this.options.git
      .git(["diff", "--no-renames", "--name-status", pull.base, pull.head])
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => {
        const [status = "M", filename = ""] = line.split("\t");
        const diff = this.options.git.git(["diff", "--no-renames", "--no-color", pull.base, pull.head, "--", filename]);
        const start = diff.indexOf("@@");
        // The files API gives the hunks only, without the trailing newline.
        return { filename, status: statuses[status] ?? "modified", ...(start < 0 ? {} : { patch: diff.slice(start).replace(/\n$/, "") }) };
      });
  }

  private pull(number: number): { base: string; head: string } {
    const pull = this.pulls.get(number);
    if (pull === undefined) throw new Error(`no pull request ${number}`);
    return pull;
  }

  /** Validates every comment against the diff, as GitHub does: one bad line fails the whole review. */
  private createReview(number: number, request: ReviewRequest): { status: number; data: unknown } {
    const ranges = hunkRanges(this.pullFiles(number));
    for (const comment of request.comments ?? []) {
      const inDiff = (line: number) => (ranges.get(comment.path) ?? []).some(([start, end]) => line >= start && line <= end);
      const first = comment.start_line ?? comment.line;
      const sameHunk = (ranges.get(comment.path) ?? []).some(([start, end]) => first >= start && comment.line <= end);
      const refused = this.options.refusedLines?.includes(`${comment.path}:${comment.line}`) ?? false;
      if (comment.side !== "RIGHT" || !inDiff(comment.line) || !inDiff(first) || !sameHunk || first > comment.line || refused) {
        return {
          status: 422,
          data: { message: "Unprocessable Entity", errors: ["pull_request_review_thread.line must be part of the diff"], documentation_url: `${DOCS}/pulls/reviews#create-a-review-for-a-pull-request`, status: "422" },
        };
      }
    }
    const id = this.nextId++;
    const comments = (request.comments ?? []).map((c) => ({
      id: this.nextId++,
      pull_request_review_id: id,
      path: c.path,
      line: c.line,
      start_line: c.start_line ?? null,
      side: c.side,
      body: c.body,
      commit_id: request.commit_id,
      user: BOT,
    }));
    const review: Review = { id, state: request.event === undefined ? "PENDING" : "COMMENTED", body: request.body ?? "", commit_id: request.commit_id, comments };
    this.reviews.push(review);
    if (review.state !== "PENDING") this.reviewComments.push(...comments);
    return { status: 200, data: { id, state: review.state, body: review.body } };
  }

  private deletePendingReview(id: number): { status: number; data: unknown } {
    const index = this.reviews.findIndex((r) => r.id === id);
    const review = this.reviews[index];
    if (review === undefined) return { status: 404, data: { message: "Not Found" } };
    if (review.state !== "PENDING") return { status: 422, data: { message: "Unprocessable Entity", errors: ["Can not delete a non-pending pull request review"] } };
    this.reviews.splice(index, 1);
    return { status: 200, data: { id } };
  }

  private editBody<T extends { id: number; body: string }>(list: T[], id: number, body: unknown): { status: number; data: unknown } {
    const comment = list.find((c) => c.id === id);
    if (comment === undefined) return { status: 404, data: { message: "Not Found" } };
    comment.body = (body as { body: string }).body;
    return { status: 200, data: comment };
  }

  private createCheckRun(request: CheckRunRequest): { status: number; data: unknown } {
    const problem = checkRunProblem(request);
    if (problem) return { status: 422, data: { message: problem, documentation_url: `${DOCS}/checks/runs` } };
    const id = this.nextId++;
    const run: CheckRunRecord = { id, name: request.name ?? "", head_sha: request.head_sha ?? "", status: request.status ?? "queued", conclusion: null, output: {}, annotations: [], batches: [] };
    this.checkRuns.push(run);
    this.applyCheckRun(run, request);
    return { status: 201, data: { id, html_url: `https://github.test/check-runs/${id}`, status: run.status } };
  }

  private updateCheckRun(id: number, request: CheckRunRequest): { status: number; data: unknown } {
    const run = this.checkRuns.find((r) => r.id === id);
    if (run === undefined) return { status: 404, data: { message: "Not Found" } };
    const problem = checkRunProblem(request);
    if (problem) return { status: 422, data: { message: problem, documentation_url: `${DOCS}/checks/runs` } };
    this.applyCheckRun(run, request);
    return { status: 200, data: { id, html_url: `https://github.test/check-runs/${id}`, status: run.status } };
  }

  private applyCheckRun(run: CheckRunRecord, request: CheckRunRequest): void {
    if (request.status) run.status = request.status;
    if (request.conclusion) {
      run.conclusion = request.conclusion;
      run.status = "completed";
    }
    if (request.output) {
      run.output = { title: request.output.title, summary: request.output.summary };
      const annotations = request.output.annotations ?? [];
      run.annotations.push(...annotations);
      if (annotations.length > 0) run.batches.push(annotations.length);
    }
  }

  private contents(file: string, ref: string): { status: number; data: unknown } {
    let text: Buffer;
    try {
      text = this.options.git.gitBuffer(["show", `${ref}:${file}`]);
    } catch {
      // git show fails exactly when the file is not in that commit: GitHub's 404.
      return { status: 404, data: { message: "Not Found", documentation_url: `${DOCS}/repos/contents#get-repository-content`, status: "404" } };
    }
    // GitHub wraps the base64 content at 60 characters.
    const content = (text.toString("base64").match(/.{1,60}/g) ?? []).join("\n");
    return { status: 200, data: { type: "file", encoding: "base64", size: text.length, name: file.split("/").pop(), path: file, content } };
  }

  private codeload(pathname: string, record: RecordedRequest, res: ServerResponse): void {
    const ref = pathname.split("/").pop() ?? "HEAD";
    const sha = this.options.git.git(["rev-parse", ref]).trim();
    const prefix = `${this.options.owner}-${this.options.repo}-${sha.slice(0, 7)}/`;
    const archive = this.options.git.gitBuffer(["archive", "--format=tar.gz", `--prefix=${prefix}`, sha]);
    record.status = 200;
    res.writeHead(200, { "content-type": "application/x-gzip", "content-length": String(archive.length) }).end(archive);
  }
}

interface ReviewRequest {
  commit_id: string;
  body?: string;
  event?: string;
  comments?: { path: string; line: number; side: string; start_line?: number; start_side?: string; body: string }[];
}

interface CheckRunRequest {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  output?: { title?: string; summary?: string; annotations?: Record<string, unknown>[] };
}

function checkRunProblem(request: CheckRunRequest): string | undefined {
  if ((request.output?.annotations?.length ?? 0) > 50) return "Invalid request.\n\nOnly 50 annotations are allowed per request.";
  if ((request.output?.summary?.length ?? 0) > 65_535) return "Invalid request.\n\noutput.summary is too long (maximum is 65535 characters)";
  return undefined;
}

/** New-side line ranges of each file's hunks, read from the hunk headers alone. */
function hunkRanges(files: readonly { filename: string; patch?: string }[]): Map<string, [number, number][]> {
  const ranges = new Map<string, [number, number][]>();
  for (const file of files) {
    const headers = [...(file.patch ?? "").matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)];
    ranges.set(file.filename, headers.map((h) => [Number(h[1]), Number(h[1]) + (h[2] === undefined ? 1 : Number(h[2])) - 1]));
  }
  return ranges;
}

function page<T>(items: readonly T[], query: URLSearchParams): T[] {
  const perPage = Math.min(100, Number(query.get("per_page") ?? 30));
  const number = Number(query.get("page") ?? 1);
  return items.slice((number - 1) * perPage, number * perPage);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

function send(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(data === undefined ? "" : JSON.stringify(data));
}
