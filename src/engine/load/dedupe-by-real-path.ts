import path from "node:path";
import type { Candidate } from "./candidate.js";

/** One candidate per real file: the one at its real location if walked, else the first path in order. */
export function dedupeByRealPath(root: string, candidates: readonly Candidate[]): Candidate[] {
  const chosen = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const current = chosen.get(candidate.realPath);
    if (!current || isPreferred(root, candidate, current)) chosen.set(candidate.realPath, candidate);
  }
  return [...chosen.values()];
}

function isPreferred(root: string, candidate: Candidate, current: Candidate): boolean {
  const home = path.relative(root, candidate.realPath).split(path.sep).join("/");
  if (candidate.path === home) return true;
  if (current.path === home) return false;
  return candidate.path < current.path;
}
