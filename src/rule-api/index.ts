export { ts } from "./ts.js";
export * from "./types.js";
export { createRule, type NodeTypes, type NodeVisitors, type Rule, type RuleContext, type RuleVisitors } from "./rule.js";
export { calleeName, isFunctionLike, propertyNameText, skipOuter, skipOuterAndAwait, type FunctionLike } from "../engine/ast/function-like.js";
export { ATTACKER_KINDS, hasMark, type Mark, type MarkKind, type SourceKind, type SourceSpec, type Taint, type TaintHit } from "../engine/dataflow/taint.js";
export { displayName, qualifiedName, type ApiRef, type ValueRef } from "../engine/resolve/value-ref.js";
export type { McpModel, ToolModel, TransportModel, HttpRoute } from "../engine/model/mcp-model.js";
export type { ObjectProps } from "../engine/model/object-props.js";
export { stringParts, type StringPart } from "../engine/dataflow/string-parts.js";
