import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Pair, type ParsedNode } from "yaml";
import type { LoadedFile } from "../../engine/load/types.js";

/** A parsed YAML (or JSON: YAML is a superset) file whose nodes can be placed on lines. */
export interface YamlFile {
  readonly file: LoadedFile;
  /** Documents that parsed without errors (a Helm template or a broken file gives none). */
  readonly docs: readonly Document.Parsed[];
  /** 1-based line of a node, or of a pair's key; 1 when unknown. */
  lineOf(node: ParsedNode | Pair | null | undefined): number;
  /** 1-based line of a character offset. */
  lineAt(offset: number): number;
}

const cache = new WeakMap<LoadedFile, YamlFile>();

/** Parses a repository file once per scan, whichever rule asks first. */
export function parseYamlFile(file: LoadedFile): YamlFile {
  const cached = cache.get(file);
  if (cached) return cached;
  const counter = new LineCounter();
  // Documents with errors are left out: a rule cannot judge a half-read manifest, and reporting YAML syntax is not its job.
  const docs = parseAllDocuments(file.text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  const parsed = (Array.isArray(docs) ? docs : []).filter((d) => d.errors.length === 0);
  const lineAt = (offset: number) => Math.max(1, counter.linePos(offset).line);
  const lineOf = (node: ParsedNode | Pair | null | undefined): number => {
    if (!node) return 1;
    const target = isPair(node) ? (node.key as ParsedNode | null) ?? (node.value as ParsedNode | null) : node;
    const start = target?.range?.[0];
    return start === undefined ? 1 : lineAt(start);
  };
  const result: YamlFile = { file, docs: parsed, lineOf, lineAt };
  cache.set(file, result);
  return result;
}

/** The value node of a mapping key. */
export function getNode(node: unknown, key: string): ParsedNode | undefined {
  return pairOf(node, key)?.value ?? undefined;
}

/** The pair of a mapping key (its key gives the line to report). */
export function pairOf(node: unknown, key: string): Pair<ParsedNode, ParsedNode | null> | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items as Pair<ParsedNode, ParsedNode | null>[]) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair;
  }
  return undefined;
}

/** A mapping's entries as [key text, value node, pair]. */
export function entriesOf(node: unknown): [string, ParsedNode | null, Pair<ParsedNode, ParsedNode | null>][] {
  if (!isMap(node)) return [];
  return (node.items as Pair<ParsedNode, ParsedNode | null>[]).filter((p) => isScalar(p.key)).map((p) => [String((p.key as { value: unknown }).value), p.value, p]);
}

/** A sequence's items (a lone scalar or mapping counts as one item). */
export function itemsOf(node: unknown): ParsedNode[] {
  if (isSeq(node)) return (node.items as (ParsedNode | null)[]).filter((n): n is ParsedNode => n !== null);
  return node && (isScalar(node) || isMap(node)) ? [node as ParsedNode] : [];
}

/** A scalar's value as text (numbers and booleans as written by String()). */
export function textOf(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return v === null || v === undefined ? undefined : typeof v === "object" ? undefined : String(v);
}
