import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Header, type types } from "tar";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { extractTarball, UnsafeTarballError } from "../../src/github/extract-tarball.js";
import { GitRepo } from "../helpers/git-repo.js";

interface Entry {
  path: string;
  type?: types.EntryTypeName;
  linkpath?: string;
  body?: string;
}

/** A gzipped tar written header by header, so it can hold what no honest archiver writes. */
function archive(entries: readonly Entry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? "File";
    const body = Buffer.from(type === "File" ? (entry.body ?? "") : "");
    const header = Buffer.alloc(512);
    new Header({ path: entry.path, type, size: body.length, mode: type === "Directory" ? 0o755 : 0o644, mtime: new Date(0), uid: 0, gid: 0, ...(entry.linkpath === undefined ? {} : { linkpath: entry.linkpath }) }).encode(header, 0);
    blocks.push(header);
    if (body.length > 0) blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(path.join(os.tmpdir(), "mcp-warden-tar-test-"));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

async function extract(entries: readonly Entry[], limits = { maxBytes: 1024 * 1024, maxEntries: 100 }) {
  const file = path.join(temp, "archive.tar.gz");
  writeFileSync(file, archive(entries));
  const work = path.join(temp, "work");
  mkdirSync(work);
  return { work, result: extractTarball(file, work, limits) };
}

describe("extractTarball", () => {
  it("extracts GitHub's owner-repo-sha/ folder from a real git archive, with its pax header", async () => {
    const git = new GitRepo();
    try {
      const sha = git.commit({ "src/index.ts": "export {};\n", "README.md": "# x\n" }, "one");
      const file = path.join(temp, "repo.tar.gz");
      writeFileSync(file, git.gitBuffer(["archive", "--format=tar.gz", `--prefix=acme-repo-${sha.slice(0, 7)}/`, sha]));
      const extracted = await extractTarball(file, temp);
      expect(path.basename(extracted.root)).toBe(`acme-repo-${sha.slice(0, 7)}`);
      expect(readFileSync(path.join(extracted.root, "src/index.ts"), "utf8")).toBe("export {};\n");
      await extracted.remove();
      expect(existsSync(extracted.folder)).toBe(false);
    } finally {
      git.remove();
    }
  });

  it("keeps symbolic links that stay inside and leaves out those pointing outside", async () => {
    const { result } = await extract([
      { path: "top/", type: "Directory" },
      { path: "top/a.ts", body: "export {};\n" },
      { path: "top/inside", type: "SymbolicLink", linkpath: "a.ts" },
      { path: "top/up", type: "SymbolicLink", linkpath: "../../../etc/passwd" },
      { path: "top/abs", type: "SymbolicLink", linkpath: "/etc/passwd" },
    ]);
    const extracted = await result;
    expect(readdirSync(extracted.root).sort()).toEqual(["a.ts", "inside"]);
    expect(extracted.skippedLinks.sort()).toEqual(["top/abs", "top/up"]);
  });

  const refusals: [string, Entry[], RegExp][] = [
    ["a ../ entry", [{ path: "top/../../evil.sh", body: "x" }], /has a \.\. segment/],
    ["an absolute path", [{ path: "/tmp/evil.sh", body: "x" }], /is an absolute path/],
    ["a hard link out of the archive", [{ path: "top/link", type: "Link", linkpath: "../../etc/passwd" }], /hard link .* has a \.\. segment/],
    ["a hard link to an absolute path", [{ path: "top/link", type: "Link", linkpath: "/etc/passwd" }], /hard link .* is an absolute path/],
    ["a file written through a symbolic link", [{ path: "top/dir", type: "SymbolicLink", linkpath: "." }, { path: "top/dir/x", body: "x" }], /written through a link/],
    ["a character device", [{ path: "top/tty", type: "CharacterDevice" }], /CharacterDevice entry/],
    ["a FIFO", [{ path: "top/pipe", type: "FIFO" }], /FIFO entry/],
  ];
  it.each(refusals)("refuses %s and removes what it extracted", async (_name, entries, message) => {
    const { work, result } = await extract([{ path: "top/", type: "Directory" }, { path: "top/ok.ts", body: "ok" }, ...entries]);
    await expect(result).rejects.toThrow(message);
    await expect(result).rejects.toBeInstanceOf(UnsafeTarballError);
    expect(readdirSync(work)).toEqual([]);
    expect(existsSync("/tmp/evil.sh")).toBe(false);
  });

  it("refuses more entries than the limit", async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ path: `top/f${i}.ts`, body: "x" }));
    const { work, result } = await extract(entries, { maxBytes: 1024 * 1024, maxEntries: 10 });
    await expect(result).rejects.toThrow(/more than 10 entries/);
    expect(readdirSync(work)).toEqual([]);
  });

  it("refuses more bytes than the limit", async () => {
    const { work, result } = await extract([{ path: "top/big.txt", body: "x".repeat(5000) }], { maxBytes: 4096, maxEntries: 10 });
    await expect(result).rejects.toThrow(/more than 4096 bytes/);
    expect(readdirSync(work)).toEqual([]);
  });

  it("removes its folder when the archive is corrupt", async () => {
    const file = path.join(temp, "broken.tar.gz");
    writeFileSync(file, gzipSync(Buffer.from("not a tar archive at all".repeat(100))));
    await expect(extractTarball(file, temp)).rejects.toThrow();
    expect(readdirSync(temp)).toEqual(["broken.tar.gz"]);
  });
});
