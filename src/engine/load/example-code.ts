/** Folders of code a repository shows rather than ships, at any depth. */
const EXAMPLE_FOLDER = /^(examples?|samples?|demos?|playground)$/i;

/**
 * Whether a scanned file (path relative to the root) is example or development code: under an examples, samples,
 * demos or playground folder, or in the `scripts` folder beside a package.json (or at the root). A `scripts` folder
 * deeper in a package's sources is source.
 */
export function isExampleCode(relativePath: string, packageDirs: ReadonlySet<string>): boolean {
  const folders = relativePath.split("/").slice(0, -1);
  return folders.some((name, i) => EXAMPLE_FOLDER.test(name) || (name === "scripts" && (i === 0 || packageDirs.has(folders.slice(0, i).join("/")))));
}
