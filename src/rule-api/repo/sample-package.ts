import type { PackageManifest } from "./package-manifests.js";

/** Folders whose packages are scaffolding or demos, not what the repository builds and ships. */
const SAMPLE_SEGMENT = /^(examples?|samples?|demos?|templates?|boilerplates?|starters?|playground|sandbox)$/i;
/** Placeholders of the template engines generators render package.json files with (EJS, Handlebars, Mustache). */
const TEMPLATE_MARKER = /<%|\{\{/;

/** Whether a package is an example, template or demo: by its folder, or by a placeholder in its name. */
export function isSamplePackage(manifest: PackageManifest): boolean {
  return manifest.dir.split("/").some((segment) => SAMPLE_SEGMENT.test(segment)) || TEMPLATE_MARKER.test(manifest.name ?? "");
}
