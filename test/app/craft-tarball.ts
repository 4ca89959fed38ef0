import { gzipSync } from "node:zlib";

/** An entry as a hostile archive may hold it: any path, any link target. */
export interface CraftedEntry {
  path: string;
  type: "file" | "directory" | "symlink" | "hardlink";
  body?: string;
  linkTarget?: string;
}

const TYPE_FLAGS = { file: "0", directory: "5", symlink: "2", hardlink: "1" } as const;

/** A .tar.gz written byte by byte (ustar), since tar tools refuse to write `..` paths and links out of the archive. */
export function craftTarball(entries: readonly CraftedEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? "");
    blocks.push(header(entry, entry.type === "file" ? body.length : 0));
    if (entry.type === "file" && body.length > 0) blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function header(entry: CraftedEntry, size: number): Buffer {
  const block = Buffer.alloc(512);
  block.write(entry.path, 0, 100, "utf8");
  block.write(octal(entry.type === "directory" ? 0o755 : 0o644, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(Math.floor(Date.now() / 1000), 12), 136);
  block.write("        ", 148);
  block.write(TYPE_FLAGS[entry.type], 156);
  block.write(entry.linkTarget ?? "", 157, 100, "utf8");
  block.write("ustar\u000000", 257);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148);
  return block;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\u0000`;
}
