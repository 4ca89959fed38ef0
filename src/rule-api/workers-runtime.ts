import type { ts } from "ts-morph";
import { packageOf } from "./package-of.js";
import type { RuleContext } from "./rule.js";

const WRANGLER = /(^|\/)wrangler\.(toml|jsonc?)$/;
/** Containers declared beside the worker run their own Linux network, with the container's own localhost. */
const CONTAINERS = /"containers"\s*:|\[\[containers\]\]/;
/** The worker's entry: `"main": "src/index.ts"` (JSON) or `main = "src/index.ts"` (TOML). */
const MAIN = /(?:"main"\s*:|^\s*main\s*=)\s*"([^"]+)"/m;
/** An entry built from an app that runs elsewhere too (OpenNext's `.open-next/worker.js`, a dist bundle). */
const BUILT_ENTRY = /(^|\/)(\.open-next|\.svelte-kit|\.output|dist|build|out)\//;
/** An image built beside the worker runs the same code on a host with a network of its own. */
const CONTAINER_FILE = /(^|\/)(Dockerfile|Containerfile)(\.[^/]*)?$|\.dockerfile$/;

// Per file, weakly, like packageOf: every request target of a file asks.
const cache = new WeakMap<ts.SourceFile, string | null>();

/**
 * The wrangler configuration beside the package holding a node, when that package is a Cloudflare Worker and nothing
 * else: its entry is a source file (not an app's build output such as OpenNext's), and it has no `bin`, container or
 * Dockerfile. Its requests leave from Cloudflare's network, not from a host with a metadata endpoint, localhost
 * services or a private network.
 */
export function workersConfig(node: ts.Node, context: RuleContext): string | undefined {
  const sf = node.getSourceFile();
  const known = cache.get(sf);
  if (known !== undefined) return known ?? undefined;
  const folder = packageOf(node, context);
  const prefix = folder === "." ? "" : `${folder}/`;
  const beside = context.auxiliaryFiles.filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes("/"));
  const config = beside.find((f) => WRANGLER.test(f.path));
  const manifest = beside.find((f) => f.path === `${prefix}package.json`);
  const main = config && MAIN.exec(config.text)?.[1];
  const image = beside.some((f) => CONTAINER_FILE.test(f.path));
  const workerOnly = !!main && !BUILT_ENTRY.test(main) && !CONTAINERS.test(config.text) && !image && !(manifest && /"bin"\s*:/.test(manifest.text));
  const found = workerOnly ? config.path : null;
  cache.set(sf, found);
  return found ?? undefined;
}
