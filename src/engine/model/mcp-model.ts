import type { ts } from "ts-morph";
import type { Framework, TransportKind } from "../../rule-api/types.js";
import type { FunctionLike } from "../ast/function-like.js";
import type { SourceSpec } from "../dataflow/taint.js";
import type { SchemaNode } from "./schema-node.js";

export interface ServerModel {
  framework: Framework;
  node: ts.Node;
  name?: string;
  version?: string;
  instructions?: string;
  /** The expression of the `instructions` option, for rules that read model-facing text. */
  instructionsNode?: ts.Expression;
}

export interface ToolModel {
  name: string | null;
  title?: string;
  description: string | null;
  /** The description expression (a literal, a constant, a concatenation). */
  descriptionNode?: ts.Expression;
  framework: Framework;
  /** The registration call, tool class or tool definition object. */
  node: ts.Node;
  handler?: FunctionLike;
  /** For low-level servers: the case clause or if-branch that handles this tool in the dispatcher. */
  dispatch?: ts.Node;
  schema?: SchemaNode;
  schemaNode?: ts.Expression;
  /** The framework validates arguments against the schema before the handler runs. */
  validated: boolean;
  annotations: Record<string, boolean | string>;
  annotationsNode?: ts.Expression;
}

export interface ResourceModel {
  name: string | null;
  uri: string | null;
  templated: boolean;
  description: string | null;
  descriptionNode?: ts.Expression;
  framework: Framework;
  node: ts.Node;
  handler?: FunctionLike;
  mimeType?: string;
}

export interface PromptModel {
  name: string | null;
  description: string | null;
  descriptionNode?: ts.Expression;
  arguments: string[];
  framework: Framework;
  node: ts.Node;
  handler?: FunctionLike;
}

export type HttpFramework = "express" | "koa" | "hono" | "fastify" | "node-http" | "nestjs" | "ws" | "fetch";

export interface HttpRoute {
  framework: HttpFramework;
  /** get, post, use, ... ("request" for node's createServer). */
  method: string;
  path: string | null;
  node: ts.CallExpression;
  /** The app or router expression the route is registered on. */
  app: ts.Expression | undefined;
  /** Every function the route runs, middleware first. */
  handlers: FunctionLike[];
  /** The arguments after the path, with middleware lists flattened as express does. */
  args: ts.Expression[];
  /** Middleware arguments before the final handler. */
  middleware: ts.Expression[];
}

export interface ListenCall {
  /** The listen() call, or the server/start call that binds. */
  node: ts.Node;
  host: string | null;
  /** The host expression when it is not a literal (an env variable, say). */
  hostNode?: ts.Expression;
  port: string | null;
}

export interface TransportModel {
  kind: TransportKind;
  node: ts.Node;
  options: Record<string, string>;
  optionsNode?: ts.ObjectLiteralExpression;
  listen?: ListenCall;
  middleware: string[];
}

/** Everything the rules need to know about the MCP servers in one analysis unit. */
export interface McpModel {
  servers: ServerModel[];
  tools: ToolModel[];
  resources: ResourceModel[];
  prompts: PromptModel[];
  transports: TransportModel[];
  routes: HttpRoute[];
  listens: ListenCall[];
  sources: SourceSpec[];
}
