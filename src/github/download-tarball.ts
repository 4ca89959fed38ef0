import { createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import type { GitHubClient, RepoRef } from "./github-client.js";

export const DEFAULT_MAX_TARBALL_BYTES = 256 * 1024 * 1024;

/** Downloads `GET /repos/{owner}/{repo}/tarball/{ref}` to a file, streaming, and stops past `maxBytes` of compressed data. */
export async function downloadTarball(client: GitHubClient, repo: RepoRef, ref: string, file: string, maxBytes = DEFAULT_MAX_TARBALL_BYTES): Promise<void> {
  const response = await client.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
    ...repo,
    ref,
    request: { parseSuccessResponseBody: false },
  });
  // With parseSuccessResponseBody off, Octokit hands over fetch's body stream untouched.
  const body = response.data as unknown as ReadableStream<Uint8Array> | null;
  if (body === null) throw new Error(`GitHub sent an empty tarball for ${repo.owner}/${repo.repo}@${ref}`);
  let received = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback(received > maxBytes ? new Error(`the tarball of ${repo.owner}/${repo.repo}@${ref} is larger than ${maxBytes} bytes`) : null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(body), cap, createWriteStream(file));
}
