import type { LoadedFile } from "../../engine/load/types.js";
import { npmrcSettings } from "./npmrc.js";

/** Hosts of the registries the repository's .npmrc files declare (`registry=`, `@scope:registry=`). */
export function declaredRegistryHosts(files: readonly LoadedFile[]): Set<string> {
  const hosts = new Set<string>();
  for (const { settings } of npmrcSettings(files)) {
    for (const s of settings) {
      if (s.name !== "registry") continue;
      try {
        hosts.add(new URL(s.value).hostname);
      } catch {
        // A registry set from an environment variable (`${REGISTRY}`) names no host we can read.
      }
    }
  }
  return hosts;
}
