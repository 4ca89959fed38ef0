import type { ts } from "ts-morph";
import { packageOf } from "./package-of.js";
import type { RuleContext } from "./rule.js";

const WRANGLER = /(^|\/)wrangler\.(toml|jsonc?)$/;
/** Containers declared beside the worker run their own Linux network, with the container's own localhost. */
const CONTAINERS = /"containers"\s*:|\[\[containers\]\]/;

// Per file, weakly, like packageOf: every request target of a file asks.
const cache = new WeakMap<ts.SourceFile, string | null>();

/**
 * The wrangler configuration beside the package holding a node, when that package is a Cloudflare Worker and no
 * command-line program (no `bin`) or container: its requests leave from Cloudflare's network, not from a host with a
 * metadata endpoint, localhost services or a private network.
 */
export function workersConfig(node: ts.Node, context: RuleContext): string | undefined {
  const sf = node.getSourceFile();
  const known = cache.get(sf);
  if (known !== undefined) return known ?? undefined;
  const folder = packageOf(node, context);
  const prefix = folder === "." ? "" : `${folder}/`;
  const config = context.auxiliaryFiles.find((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes("/") && WRANGLER.test(f.path));
  const manifest = context.auxiliaryFiles.find((f) => f.path === `${prefix}package.json`);
  const found = config && !CONTAINERS.test(config.text) && !(manifest && /"bin"\s*:/.test(manifest.text)) ? config.path : null;
  cache.set(sf, found);
  return found ?? undefined;
}
