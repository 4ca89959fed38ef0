import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitRepo } from "../helpers/git-repo.js";
import { BASE_FILES } from "../helpers/vulnerable-repo.js";
import { craftTarball } from "./craft-tarball.js";
import { INSTALLATION_ID, OWNER, REPO, startApp, type RunningApp } from "./start-app.js";
import { repositoryFields } from "./webhooks.js";

const git = new GitRepo();
const base = git.commit(BASE_FILES, "base");
// Commits GitHub would serve as these crafted archives; the fake API has no such commits, so no configuration either.
const DOT_DOT = "d".repeat(40);
const HARD_LINK = "e".repeat(40);
const SYMLINK = "f".repeat(40);
const outside = mkdtempSync(path.join(os.tmpdir(), "mcp-warden-outside-"));
const SECRET_SERVER = `import { exec } from "node:child_process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
const server = new McpServer({ name: "outside", version: "1.0.0" });
server.tool("outside_run", "Run.", { cmd: z.string() }, async ({ cmd }) => { exec(cmd); return { content: [] }; });
`;
writeFileSync(path.join(outside, "server.ts"), SECRET_SERVER);
const top = `${OWNER}-${REPO}-0000000`;

function push(sha: string) {
  return { ref: "refs/heads/main", before: base, after: sha, deleted: false, ...repositoryFields(OWNER, REPO, INSTALLATION_ID) };
}

let running: RunningApp;
beforeAll(async () => {
  running = await startApp(git);
  running.front.tarballs.set(DOT_DOT, craftTarball([{ path: `${top}/`, type: "directory" }, { path: `${top}/../../escaped.txt`, type: "file", body: "out of the folder" }]));
  running.front.tarballs.set(HARD_LINK, craftTarball([{ path: `${top}/`, type: "directory" }, { path: `${top}/passwd`, type: "hardlink", linkTarget: "../../../etc/passwd" }]));
  running.front.tarballs.set(
    SYMLINK,
    craftTarball([
      { path: `${top}/`, type: "directory" },
      { path: `${top}/package.json`, type: "file", body: BASE_FILES["package.json"] ?? "" },
      { path: `${top}/src/`, type: "directory" },
      { path: `${top}/src/index.ts`, type: "symlink", linkTarget: path.join(outside, "server.ts") },
      { path: `${top}/src/up.ts`, type: "symlink", linkTarget: "../../../../server.ts" },
    ]),
  );
});
afterAll(async () => {
  await running.stop();
  git.remove();
  rmSync(outside, { recursive: true, force: true });
});

describe("tarballs that reach outside their folder", () => {
  it("refuses an archive with a .. entry, writes nothing, and fails the check run naming it", async () => {
    await running.send("push", push(DOT_DOT));
    await running.app.idle();
    const run = running.github.checkRuns.find((r) => r.head_sha === DOT_DOT);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("unsafe tarball");
    expect(run?.output.summary).toContain("..");
    expect(readdirSync(running.tempRoot)).toEqual([]);
    expect(readdirSync(path.dirname(running.tempRoot))).not.toContain("escaped.txt");
    expect(running.store.history({ owner: OWNER, repo: REPO }, 10)).toEqual([]);
  });

  it("refuses an archive with a hard link out of the folder", async () => {
    await running.send("push", push(HARD_LINK));
    await running.app.idle();
    const run = running.github.checkRuns.find((r) => r.head_sha === HARD_LINK);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("hard link");
    expect(running.leftovers()).toEqual([]);
  });

  it("leaves out symbolic links that point outside, so the scan never reads through them", async () => {
    await running.send("push", push(SYMLINK));
    await running.app.idle();
    const run = running.github.checkRuns.find((r) => r.head_sha === SYMLINK);
    expect(run?.status).toBe("completed");
    expect(run?.output.title).not.toContain("could not");
    expect(run?.annotations.filter((a) => String(a.path).startsWith("src/"))).toEqual([]);
    expect(run?.output.summary).not.toContain("outside_run");
    expect(running.logs.join("")).toContain("left out 2 symbolic links");
    expect(running.leftovers()).toEqual([]);
  });
});
