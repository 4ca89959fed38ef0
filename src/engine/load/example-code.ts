/** Folders of code a repository shows rather than ships, at any depth. */
const EXAMPLE_FOLDER = /^(examples?|samples?|demos?|playground|bench(marks?)?)$/i;

/**
 * Whether a scanned file (path relative to the root) is example or development code: under an examples, samples,
 * demos, playground or benchmarks folder, or in the `scripts` folder beside a package.json (or at the root). A
 * `scripts` folder deeper in a package's sources is source.
 */
export function isExampleCode(relativePath: string, packageDirs: ReadonlySet<string>): boolean {
  const folders = relativePath.split("/").slice(0, -1);
  return folders.some((name, i) => EXAMPLE_FOLDER.test(name) || (name === "scripts" && (i === 0 || packageDirs.has(folders.slice(0, i).join("/")))));
}

/**
 * Example-path files that code outside example paths imports, directly or through other such files: shipped after
 * all, as a CLI's `scripts/modules` that its server runs.
 */
export function importedFromShippedCode<F>(files: readonly F[], isExample: (file: F) => boolean, imports: (file: F) => readonly F[]): Set<F> {
  const shipped = new Set<F>();
  const queue = files.filter((f) => !isExample(f));
  const seen = new Set(queue);
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const next of imports(file)) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
      if (isExample(next)) shipped.add(next);
    }
  }
  return shipped;
}
