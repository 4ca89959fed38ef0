import path from "node:path";
import type { FileSystemHost, RuntimeDirEntry } from "ts-morph";

/**
 * A read-only file system over the files the loader vetted, so the compiler can never read
 * anything outside the scanned tree (no node_modules, no symlink escapes).
 */
export class MemoryFileSystem implements FileSystemHost {
  private readonly dirs = new Set<string>();

  constructor(
    private readonly files: ReadonlyMap<string, string>,
    private readonly cwd: string,
  ) {
    for (const file of files.keys()) {
      for (let d = path.posix.dirname(file); !this.dirs.has(d); d = path.posix.dirname(d)) {
        this.dirs.add(d);
        if (d === "/" || d === ".") break;
      }
    }
  }

  isCaseSensitive(): boolean {
    return true;
  }
  readDirSync(dirPath: string): RuntimeDirEntry[] {
    const prefix = dirPath.endsWith("/") ? dirPath : `${dirPath}/`;
    const out: RuntimeDirEntry[] = [];
    for (const f of this.files.keys()) {
      if (f.startsWith(prefix) && !f.slice(prefix.length).includes("/")) out.push({ name: f.slice(prefix.length), isFile: true, isDirectory: false, isSymlink: false });
    }
    for (const d of this.dirs) {
      if (d.startsWith(prefix) && d.length > prefix.length && !d.slice(prefix.length).includes("/")) out.push({ name: d.slice(prefix.length), isFile: false, isDirectory: true, isSymlink: false });
    }
    return out;
  }
  readFileSync(filePath: string): string {
    const text = this.files.get(filePath);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${filePath}`), { code: "ENOENT" });
    return text;
  }
  async readFile(filePath: string): Promise<string> {
    return this.readFileSync(filePath);
  }
  fileExistsSync(filePath: string): boolean {
    return this.files.has(filePath);
  }
  async fileExists(filePath: string): Promise<boolean> {
    return this.files.has(filePath);
  }
  directoryExistsSync(dirPath: string): boolean {
    return this.dirs.has(dirPath.replace(/\/$/, "") || "/");
  }
  async directoryExists(dirPath: string): Promise<boolean> {
    return this.directoryExistsSync(dirPath);
  }
  realpathSync(p: string): string {
    return p;
  }
  getCurrentDirectory(): string {
    return this.cwd;
  }
  globSync(): string[] {
    return [];
  }
  async glob(): Promise<string[]> {
    return [];
  }
  // The scanned tree is never written to.
  writeFileSync(): void {
    throw new Error("the scanned tree is read-only");
  }
  async writeFile(): Promise<void> {
    this.writeFileSync();
  }
  mkdirSync(): void {
    this.writeFileSync();
  }
  async mkdir(): Promise<void> {
    this.writeFileSync();
  }
  moveSync(): void {
    this.writeFileSync();
  }
  async move(): Promise<void> {
    this.writeFileSync();
  }
  copySync(): void {
    this.writeFileSync();
  }
  async copy(): Promise<void> {
    this.writeFileSync();
  }
  deleteSync(): void {
    this.writeFileSync();
  }
  async delete(): Promise<void> {
    this.writeFileSync();
  }
}
