/** Folders whose packages are scaffolding or demos, not what the repository builds and ships. */
const SAMPLE_SEGMENT = /^(examples?|samples?|demos?|templates?|boilerplates?|starters?|playground|sandbox)$/i;

/** Whether a package folder (relative to the root) is an example, template or demo. */
export function isSamplePackage(dir: string): boolean {
  return dir.split("/").some((segment) => SAMPLE_SEGMENT.test(segment));
}
