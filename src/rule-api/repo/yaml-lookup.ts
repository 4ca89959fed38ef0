import { isAlias, isMap, isScalar, isSeq, type Document, type Pair, type ParsedNode } from "yaml";

/** A value found in a mapping, with the pair that holds it (undefined when it came through a merge key). */
export interface Found {
  node: ParsedNode | null;
  pair?: Pair<ParsedNode, ParsedNode | null>;
}

/**
 * A mapping's value for a key, following aliases and `<<: *anchor` merge keys as docker compose does
 * (own keys win over merged ones).
 */
export function lookup(doc: Document.Parsed, node: unknown, key: string, depth = 0): Found | undefined {
  const map = resolve(doc, node);
  if (!isMap(map) || depth > 10) return undefined;
  const pairs = map.items as Pair<ParsedNode, ParsedNode | null>[];
  const own = pairs.find((p) => isScalar(p.key) && String(p.key.value) === key);
  if (own) return { node: resolve(doc, own.value) ?? null, pair: own };
  for (const merge of pairs.filter((p) => isScalar(p.key) && p.key.value === "<<")) {
    const sources = isSeq(merge.value) ? merge.value.items : [merge.value];
    for (const source of sources) {
      const found = lookup(doc, source, key, depth + 1);
      if (found) return { node: found.node };
    }
  }
  return undefined;
}

/** A node with aliases followed. */
export function resolve(doc: Document.Parsed, node: unknown): ParsedNode | undefined {
  let current = node;
  for (let i = 0; i < 10 && isAlias(current); i++) current = current.resolve(doc);
  return (current ?? undefined) as ParsedNode | undefined;
}
