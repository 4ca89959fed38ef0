import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { Parser, Unpack, type ReadEntry } from "tar";

export interface ExtractLimits {
  /** Sum of the sizes of the archive's files. */
  maxBytes: number;
  /** Entries of any kind (files, folders, links). */
  maxEntries: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { maxBytes: 512 * 1024 * 1024, maxEntries: 100_000 };

export interface ExtractedTarball {
  /** The fresh folder the archive was extracted into; the caller removes it (see `remove`). */
  folder: string;
  /** The archive's single top-level folder (GitHub's `owner-repo-sha/`), or `folder` when there is none. */
  root: string;
  /** Symbolic links left out because they point outside the archive, as archive paths. */
  skippedLinks: string[];
  remove(): Promise<void>;
}

/** An archive that must not be extracted: the message names the entry and the reason. */
export class UnsafeTarballError extends Error {
  override readonly name = "UnsafeTarballError";
}

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);

/**
 * Extracts a .tar or .tar.gz into a new folder under `tempDir`, refusing archives with absolute paths, `..`
 * segments, entries written through a link, hard links out of the archive, device files or FIFOs, or more files
 * or bytes than the limits; a symbolic link pointing outside is left out. On any failure the folder is removed.
 */
export async function extractTarball(archive: string, tempDir: string, limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS): Promise<ExtractedTarball> {
  const folder = await mkdtemp(path.join(tempDir, "mcp-warden-tarball-"));
  // Retries cover files a failed extraction was still closing.
  const remove = () => rm(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  try {
    const skippedLinks = await unpack(archive, folder, limits);
    return { folder, root: await singleTopFolder(folder), skippedLinks, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function unpack(archive: string, folder: string, limits: ExtractLimits): Promise<string[]> {
  // Every entry is checked before anything is written, so a refusal never races writes in flight.
  const skippedLinks = await inspect(archive, limits);
  const skipped = new Set(skippedLinks);
  const unpacker = new Unpack({ cwd: folder, strict: true, preservePaths: false, preserveOwner: false, filter: (entryPath) => !skipped.has(normalize(entryPath)) });
  await pump(archive, unpacker);
  return skippedLinks;
}

/** Reads the archive without writing anything; throws UnsafeTarballError at the first entry that must not be extracted. */
async function inspect(archive: string, limits: ExtractLimits): Promise<string[]> {
  const skippedLinks: string[] = [];
  const links = new Set<string>();
  let entries = 0;
  let bytes = 0;
  let refusal: UnsafeTarballError | undefined;
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry) => {
      entry.resume();
      if (refusal !== undefined) return;
      const problem = checkEntry(entry, ++entries, (bytes += entry.size), limits, links);
      if (problem === "skip") skippedLinks.push(normalize(entry.path));
      else if (problem !== undefined) {
        refusal = new UnsafeTarballError(`unsafe tarball: ${problem}`);
        parser.abort(refusal);
      }
    },
  });
  await pump(archive, parser).catch((error: unknown) => {
    throw refusal ?? error;
  });
  if (refusal !== undefined) throw refusal;
  return skippedLinks;
}

function pump(archive: string, sink: Parser): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const input = createReadStream(archive);
    input.on("error", reject);
    sink.on("error", reject);
    sink.on("close", resolve);
    input.pipe(sink);
  });
}

/** Why the entry is refused, "skip" for a link to leave out, or undefined when it may be extracted. */
function checkEntry(entry: ReadEntry, count: number, totalBytes: number, limits: ExtractLimits, links: Set<string>): string | "skip" | undefined {
  const name = entry.path;
  if (count > limits.maxEntries) return `more than ${limits.maxEntries} entries`;
  if (totalBytes > limits.maxBytes) return `more than ${limits.maxBytes} bytes of files`;
  const pathProblem = unsafePath(name);
  if (pathProblem) return `${JSON.stringify(name)} ${pathProblem}`;
  const normal = normalize(name);
  if (throughLink(normal, links)) return `${JSON.stringify(name)} is written through a link`;
  if (entry.type === "Directory" || FILE_TYPES.has(entry.type)) return undefined;
  const target = entry.linkpath ?? "";
  if (entry.type === "SymbolicLink") {
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(normal), target));
    if (path.posix.isAbsolute(target) || /^[a-zA-Z]:|^\\/.test(target) || resolved === ".." || resolved.startsWith("../")) return "skip";
    links.add(normal);
    return undefined;
  }
  if (entry.type === "Link") {
    // Hard link targets are archive paths, relative to the extraction folder.
    const targetProblem = unsafePath(target);
    if (targetProblem) return `hard link ${JSON.stringify(name)} points to ${JSON.stringify(target)}, which ${targetProblem}`;
    if (throughLink(normalize(target), links) || links.has(normalize(target))) return `hard link ${JSON.stringify(name)} points through a link`;
    links.add(normal);
    return undefined;
  }
  return `${JSON.stringify(name)} is a ${entry.type} entry, which a repository archive never holds`;
}

function unsafePath(name: string): string | undefined {
  if (name === "") return "is empty";
  if (name.startsWith("/") || name.startsWith("\\") || /^[a-zA-Z]:/.test(name)) return "is an absolute path";
  if (name.split(/[/\\]/).includes("..")) return "has a .. segment";
  if (name.includes("\0")) return "has a NUL character";
  return undefined;
}

function normalize(name: string): string {
  return path.posix.normalize(name.replace(/\\/g, "/")).replace(/\/$/, "");
}

function throughLink(normal: string, links: ReadonlySet<string>): boolean {
  const parts = normal.split("/");
  for (let i = 1; i < parts.length; i++) if (links.has(parts.slice(0, i).join("/"))) return true;
  return false;
}

async function singleTopFolder(folder: string): Promise<string> {
  const entries = await readdir(folder, { withFileTypes: true });
  const [only] = entries;
  return entries.length === 1 && only !== undefined && only.isDirectory() ? path.join(folder, only.name) : folder;
}
