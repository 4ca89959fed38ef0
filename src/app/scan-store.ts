import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { RepoRef } from "../github/github-client.js";
import type { ScanOutcome } from "./scan-job.js";

/** What a webhook says about a repository: the badge needs its default branch and whether it is public. */
export interface RepositoryFacts extends RepoRef {
  private: boolean;
  defaultBranch: string;
}

/** A stored scan, as the badge and the history read it. */
export interface StoredScan {
  owner: string;
  repo: string;
  commit: string;
  ref: string;
  score: number | null;
  grade: string | null;
  findings: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  failed: boolean;
  scannedAt: string;
}

export interface ScanStore {
  recordRepository(facts: RepositoryFacts): void;
  recordScan(repo: RepoRef, outcome: ScanOutcome): void;
  /** The latest scan of the default branch of a public repository; undefined when private, unknown or never scanned. */
  latestPublicDefaultBranchScan(repo: RepoRef): StoredScan | undefined;
  /** Newest first. */
  history(repo: RepoRef, limit: number): StoredScan[];
  close(): void;
}

// Each entry moves the schema one version up; `PRAGMA user_version` says how many have run.
const MIGRATIONS = [
  `CREATE TABLE repositories (
     owner TEXT NOT NULL COLLATE NOCASE,
     name TEXT NOT NULL COLLATE NOCASE,
     private INTEGER NOT NULL,
     default_branch TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (owner, name)
   );
   CREATE TABLE scans (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     owner TEXT NOT NULL COLLATE NOCASE,
     name TEXT NOT NULL COLLATE NOCASE,
     commit_sha TEXT NOT NULL,
     ref TEXT NOT NULL,
     score INTEGER,
     grade TEXT,
     findings INTEGER NOT NULL,
     critical INTEGER NOT NULL,
     high INTEGER NOT NULL,
     medium INTEGER NOT NULL,
     low INTEGER NOT NULL,
     failed INTEGER NOT NULL,
     scanned_at TEXT NOT NULL
   );
   CREATE INDEX scans_by_ref ON scans (owner, name, ref, id);`,
];

interface ScanRow {
  owner: string;
  name: string;
  commit_sha: string;
  ref: string;
  score: number | null;
  grade: string | null;
  findings: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  failed: number;
  scanned_at: string;
}

/** Opens (creating and migrating) the SQLite database of scans; ":memory:" keeps it in memory. */
export function openScanStore(file: string): ScanStore {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  const upsertRepository = db.prepare(
    `INSERT INTO repositories (owner, name, private, default_branch, updated_at) VALUES (@owner, @repo, @private, @defaultBranch, @now)
     ON CONFLICT (owner, name) DO UPDATE SET private = excluded.private, default_branch = excluded.default_branch, updated_at = excluded.updated_at`,
  );
  const insertScan = db.prepare(
    `INSERT INTO scans (owner, name, commit_sha, ref, score, grade, findings, critical, high, medium, low, failed, scanned_at)
     VALUES (@owner, @repo, @commit, @ref, @score, @grade, @findings, @critical, @high, @medium, @low, @failed, @now)`,
  );
  const latestDefault = db.prepare<[string, string], ScanRow>(
    `SELECT s.* FROM scans s JOIN repositories r ON r.owner = s.owner AND r.name = s.name
     WHERE s.owner = ? AND s.name = ? AND r.private = 0 AND s.ref = 'refs/heads/' || r.default_branch
     ORDER BY s.id DESC LIMIT 1`,
  );
  const history = db.prepare<[string, string, number], ScanRow>(`SELECT * FROM scans WHERE owner = ? AND name = ? ORDER BY id DESC LIMIT ?`);
  return {
    recordRepository: (facts) => {
      upsertRepository.run({ owner: facts.owner, repo: facts.repo, private: facts.private ? 1 : 0, defaultBranch: facts.defaultBranch, now: new Date().toISOString() });
    },
    recordScan: (repo, outcome) => {
      insertScan.run({
        owner: repo.owner,
        repo: repo.repo,
        commit: outcome.commit,
        ref: outcome.ref,
        score: outcome.score ?? null,
        grade: outcome.grade ?? null,
        findings: outcome.findings,
        ...outcome.severities,
        failed: outcome.failed ? 1 : 0,
        now: new Date().toISOString(),
      });
    },
    latestPublicDefaultBranchScan: (repo) => {
      const row = latestDefault.get(repo.owner, repo.repo);
      return row === undefined ? undefined : toScan(row);
    },
    history: (repo, limit) => history.all(repo.owner, repo.repo, limit).map(toScan),
    close: () => db.close(),
  };
}

function migrate(db: Database.Database): void {
  const version = Number(db.pragma("user_version", { simple: true }));
  for (let next = version; next < MIGRATIONS.length; next++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[next] ?? "");
      db.pragma(`user_version = ${next + 1}`);
    })();
  }
}

function toScan(row: ScanRow): StoredScan {
  return {
    owner: row.owner,
    repo: row.name,
    commit: row.commit_sha,
    ref: row.ref,
    score: row.score,
    grade: row.grade,
    findings: row.findings,
    critical: row.critical,
    high: row.high,
    medium: row.medium,
    low: row.low,
    failed: row.failed === 1,
    scannedAt: row.scanned_at,
  };
}
