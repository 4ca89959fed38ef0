import { isMap, isScalar, isSeq, type Document, type Pair, type ParsedNode } from "yaml";
import type { LoadedFile } from "../../engine/load/types.js";
import { entriesOf, itemsOf, parseYamlFile, textOf, type YamlFile } from "./yaml-file.js";
import { lookup, resolve, type Found } from "./yaml-lookup.js";

/** A string value of a workflow with its node, for lines and for locating `${{ }}` expressions in the source. */
export interface WorkflowValue {
  text: string;
  node: ParsedNode;
  pair?: Pair<ParsedNode, ParsedNode | null>;
}

export interface WorkflowStep {
  node: ParsedNode;
  uses?: WorkflowValue;
  run?: WorkflowValue;
  /** The step's `with:` inputs. */
  with: Map<string, WorkflowValue>;
  env: Map<string, WorkflowValue>;
  if?: string;
}

export interface WorkflowJob {
  id: string;
  pair: Pair<ParsedNode, ParsedNode | null>;
  node: ParsedNode | null;
  /** `jobs.<id>.uses`: a reusable workflow. */
  uses?: WorkflowValue;
  permissions?: Found;
  if?: string;
  /** `jobs.<id>.needs`: the jobs that must succeed first. */
  needs: string[];
  env: Map<string, WorkflowValue>;
  /** `jobs.<id>.with` (inputs of a reusable workflow). */
  with: Map<string, WorkflowValue>;
  steps: WorkflowStep[];
}

export interface Workflow {
  file: LoadedFile;
  yaml: YamlFile;
  doc: Document.Parsed;
  /** Event names of `on:` (`push`, `pull_request_target`, ...). */
  triggers: Set<string>;
  /** `name:`, which other workflows' `workflow_run` triggers refer to it by. */
  name?: string;
  /** `on: workflow_run: workflows:`: the names of the workflows whose runs start this one. */
  followed: string[];
  /** The `on:` pair, for findings about the whole workflow. */
  onPair?: Pair<ParsedNode, ParsedNode | null>;
  permissions?: Found;
  env: Map<string, WorkflowValue>;
  jobs: WorkflowJob[];
}

/** Whether a repository path is a GitHub Actions workflow. */
export function isWorkflowPath(filePath: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(filePath);
}

/**
 * `on: workflow_run: workflows: [...]`: the run's head is a pull request's only when a workflow it follows runs on
 * pull requests. True when any of them does, or one is not in this repository to tell.
 */
export function runsAfterPullRequests(workflow: Workflow, all: readonly Workflow[]): boolean {
  if (!workflow.followed.length) return true;
  return workflow.followed.some((name) => {
    const upstream = all.find((w) => (w.name ?? w.file.path) === name);
    return !upstream || [...upstream.triggers].some((t) => t.startsWith("pull_request") || t === "workflow_run");
  });
}

/** The repository's GitHub Actions workflows, read from their YAML (files that do not parse are left out). */
export function workflowsOf(files: readonly LoadedFile[]): Workflow[] {
  const out: Workflow[] = [];
  for (const file of files) {
    if (!isWorkflowPath(file.path)) continue;
    const yaml = parseYamlFile(file);
    const doc = yaml.docs[0];
    if (!doc || !isMap(doc.contents)) continue;
    const on = lookup(doc, doc.contents, "on");
    const triggers = new Set<string>();
    const onNode = on?.node;
    if (isScalar(onNode)) triggers.add(String(onNode.value));
    else if (isSeq(onNode)) for (const item of itemsOf(onNode)) triggers.add(textOf(item) ?? "");
    else for (const [name] of entriesOf(onNode)) triggers.add(name);
    const jobs = entriesOf(lookup(doc, doc.contents, "jobs")?.node).map(([id, node, pair]) => readJob(doc, id, resolve(doc, node) ?? null, pair));
    const permissions = lookup(doc, doc.contents, "permissions");
    const followedNode = lookup(doc, lookup(doc, onNode, "workflow_run")?.node, "workflows")?.node;
    const followed = isSeq(followedNode) ? itemsOf(followedNode).flatMap((n) => textOf(n) ?? []) : [textOf(followedNode)].flatMap((n) => n ?? []);
    const name = textOf(lookup(doc, doc.contents, "name")?.node);
    out.push({ file, yaml, doc, triggers, followed, ...(name !== undefined ? { name } : {}), ...(on?.pair ? { onPair: on.pair } : {}), ...(permissions ? { permissions } : {}), env: valuesOf(doc, lookup(doc, doc.contents, "env")?.node), jobs });
  }
  return out;
}

function readJob(doc: Document.Parsed, id: string, node: ParsedNode | null, pair: Pair<ParsedNode, ParsedNode | null>): WorkflowJob {
  const steps = itemsOf(lookup(doc, node, "steps")?.node).map((n) => resolve(doc, n)).filter((n): n is ParsedNode => isMap(n)).map((step) => {
    const uses = value(doc, step, "uses");
    const run = value(doc, step, "run");
    const condition = textOf(lookup(doc, step, "if")?.node);
    return {
      node: step,
      ...(uses ? { uses } : {}),
      ...(run ? { run } : {}),
      with: valuesOf(doc, lookup(doc, step, "with")?.node),
      env: valuesOf(doc, lookup(doc, step, "env")?.node),
      ...(condition !== undefined ? { if: condition } : {}),
    };
  });
  const uses = value(doc, node, "uses");
  const permissions = lookup(doc, node, "permissions");
  const condition = textOf(lookup(doc, node, "if")?.node);
  const needsNode = lookup(doc, node, "needs")?.node;
  const needs = isSeq(needsNode) ? itemsOf(needsNode).flatMap((n) => textOf(n) ?? []) : [textOf(needsNode)].flatMap((n) => n ?? []);
  return {
    id,
    needs,
    pair,
    node,
    ...(uses ? { uses } : {}),
    ...(permissions ? { permissions } : {}),
    ...(condition !== undefined ? { if: condition } : {}),
    env: valuesOf(doc, lookup(doc, node, "env")?.node),
    with: valuesOf(doc, lookup(doc, node, "with")?.node),
    steps,
  };
}

function value(doc: Document.Parsed, node: unknown, key: string): WorkflowValue | undefined {
  const found = lookup(doc, node, key);
  const text = textOf(found?.node);
  return text !== undefined && found?.node ? { text, node: found.node, ...(found.pair ? { pair: found.pair } : {}) } : undefined;
}

function valuesOf(doc: Document.Parsed, node: unknown): Map<string, WorkflowValue> {
  const out = new Map<string, WorkflowValue>();
  for (const [key] of entriesOf(resolve(doc, node))) {
    const v = value(doc, node, key);
    if (v) out.set(key, v);
  }
  return out;
}

/** The 1-based line where `needle` occurs (its `nth` occurrence) inside a value's source (a line of a `run: |` block), or the value's first line. */
export function lineInValue(yaml: YamlFile, v: WorkflowValue, needle: string, nth = 0): number {
  const [start, , end] = v.node.range ?? [0, 0, 0];
  const text = yaml.file.text.slice(start, end);
  let at = text.indexOf(needle);
  for (let i = 0; i < nth && at >= 0; i++) at = text.indexOf(needle, at + 1);
  return yaml.lineAt(at >= 0 ? start + at : start);
}
