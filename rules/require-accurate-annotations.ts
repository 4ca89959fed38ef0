import { createRule, skipOuter, ts, type RuleContext, type ToolModel } from "../src/rule-api/index.js";
import { DESTRUCTIVE_EFFECTS, effectsOf, WRITE_EFFECTS, type Effect } from "../src/rule-api/effects.js";

/** Tools whose whole job is to run what the model writes. */
const CATCH_ALL = /^(?:(?:run|execute|exec|eval|evaluate)(?:_(?:command|cmd|shell|script|code|bash|terminal|process|js|javascript|python|sh))?|shell(?:_(?:exec|execute|run|command))?|bash|sh|terminal|powershell|cmd|command|(?:terminal|process)_(?:exec|execute|run)|start_process)$/;

export default createRule({
  id: "require-accurate-annotations",
  meta: {
    description: "Declare tool annotations that match what the handler really does",
    severity: "high",
    confidence: "high",
    checklist: ["TOOL-4", "TOOL-6", "UIX-1", "UIX-2"],
    cwe: ["CWE-451"],
    messages: {
      readOnlyButWrites: "Tool {{tool}} declares readOnlyHint: true, but its handler {{effect}} at {{at}}: clients run read-only tools without asking the user, so this change happens unconfirmed. Remove readOnlyHint (and declare destructiveHint: true), or split the writing part into its own tool.",
      destructiveFalse: "Tool {{tool}} declares destructiveHint: false, but its handler {{effect}} at {{at}}: clients may skip the confirmation they show for destructive tools. Declare destructiveHint: true.",
      missingDestructiveHint: "Tool {{tool}} {{effect}} (at {{at}}) but leaves destructiveHint unset: the MCP default (true) makes it destructive, yet hosts and gateways that act only on hints a server states cannot tell it from a harmless tool. State annotations: { destructiveHint: true } (and a title).",
      closedWorldButNetwork: "Tool {{tool}} declares openWorldHint: false, but its handler {{effect}} at {{at}}: the host tells the user it only touches a closed set of data while it talks to the outside world. Declare openWorldHint: true.",
      catchAllWithoutAnnotations: "Tool {{tool}} {{effect}} (at {{at}}) and has no annotations: only the MCP defaults say that this catch-all command tool is destructive and open-world, and nothing names it for the user. State annotations { readOnlyHint: false, destructiveHint: true, openWorldHint: true } and a title, and ask the user before each run.",
    },
    docs: {
      rationale:
        "Hosts decide from a tool's annotations how to present it and whether to ask the user first: many clients auto-approve `readOnlyHint: true` tools and skip the confirmation for `destructiveHint: false`. An annotation that understates what the handler does (a read-only tool that deletes files, runs commands, sends PUT/DELETE requests or moves funds) turns a prompt-injected call into a silent change, and a catch-all command tool without annotations gets no warning at all.",
      remediation:
        "Derive annotations from what the handler really does: omit `readOnlyHint` on any tool that writes, executes, deletes or spends; declare `destructiveHint: true` on tools that delete, overwrite model-chosen files, run model-written commands or move funds; declare `openWorldHint: true` on tools that reach the network. Give command-running tools explicit annotations and a title, and split read and write operations into separate tools.",
      examples: {
        bad: [
          'import fs from "node:fs/promises";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "notes", version: "1.0.0" });',
          "server.registerTool(",
          '  "notes_cleanup",',
          '  { description: "Tidy the notes folder", inputSchema: { name: z.string() }, annotations: { readOnlyHint: true } },',
          "  async ({ name }) => {",
          "    await fs.rm(`/srv/notes/${name}`, { recursive: true });",
          '    return { content: [{ type: "text", text: "done" }] };',
          "  },",
          ");",
        ].join("\n"),
        good: [
          'import fs from "node:fs/promises";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "notes", version: "1.0.0" });',
          "server.registerTool(",
          '  "notes_cleanup",',
          '  { description: "Delete a note", inputSchema: { name: z.string() }, annotations: { title: "Delete note", readOnlyHint: false, destructiveHint: true, openWorldHint: false } },',
          "  async ({ name }) => {",
          "    await fs.rm(`/srv/notes/${name}`, { recursive: true });",
          '    return { content: [{ type: "text", text: "done" }] };',
          "  },",
          ");",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/451.html",
      "https://modelcontextprotocol.io/specification/2025-11-25/schema#toolannotations",
      "https://modelcontextprotocol.io/specification/2025-11-25/server/tools#security-considerations",
    ],
  },
  create(context) {
    return {
      "Program:exit"() {
        const done = new Set<ts.Node>();
        // One handler registered for several named tools (a loop over definitions that dispatches on the name): what
        // it reaches belongs to all of them together, and cannot be held against any one tool's hints.
        const names = new Map<ts.Node, Set<string | null>>();
        for (const tool of context.model.tools) {
          const region = tool.dispatch ?? tool.handler;
          if (region) names.set(region, (names.get(region) ?? new Set()).add(tool.name));
        }
        for (const tool of context.model.tools) {
          const region = tool.dispatch ?? tool.handler;
          if (!region || done.has(tool.node) || (names.get(region)?.size ?? 0) > 1) continue;
          done.add(tool.node);
          check(tool, region, context);
        }
      },
    };
  },
});

function check(tool: ToolModel, region: ts.Node, context: RuleContext): void {
  const annotations = context.objectProps(tool.annotationsNode);
  const hint = (key: string): boolean | undefined => annotations?.bool(key) ?? (typeof tool.annotations[key] === "boolean" ? (tool.annotations[key] as boolean) : undefined);
  const readOnly = hint("readOnlyHint");
  const destructive = hint("destructiveHint");
  const openWorld = hint("openWorldHint");
  const effects = effectsOf(region, context);
  const name = tool.name === null ? "(dynamic name)" : JSON.stringify(tool.name);
  const report = (messageId: string, effect: Effect, at: ts.Node, severity: "high" | "medium" | "low") =>
    context.report({
      node: at,
      messageId,
      data: { tool: name, effect: effect.what, at: where(effect.call, context) },
      severity,
      trace: [context.step(at, "source", "the annotation"), context.step(effect.call, "sink", effect.what)],
      ...(tool.name ? { tool: tool.name } : {}),
    });
  const registration = nameNode(tool, context);
  // `{ ...READ_ONLY }`: a property from a shared constant is reported at the annotations of this tool.
  const property = (key: string): ts.Node | undefined => {
    const p = annotations?.find(key);
    const own = tool.annotationsNode;
    return p && own && p.getSourceFile() === own.getSourceFile() && p.pos >= own.pos && p.end <= own.end ? p : own;
  };

  if (readOnly === true) {
    const write = first(effects, WRITE_EFFECTS);
    if (write) report("readOnlyButWrites", write, property("readOnlyHint") ?? registration, "high");
  } else {
    const destroy = first(effects, DESTRUCTIVE_EFFECTS);
    if (destroy && destructive === false) report("destructiveFalse", destroy, property("destructiveHint") ?? registration, "medium");
    // annotations: TOOL_ANNOTATIONS[t.name], or a call: there are hints, and the scan cannot read them.
    else if (destroy && destructive === undefined && !(tool.annotationsNode && !annotations && !Object.keys(tool.annotations).length)) {
      const bare = !annotations || annotations.keys().length === 0;
      const catchAll = destroy.kind === "exec-arbitrary" && tool.name !== null && CATCH_ALL.test(normalize(tool.name));
      // The spec's default for destructiveHint is true: leaving it out understates nothing, it only leaves it unsaid.
      if (catchAll && bare) report("catchAllWithoutAnnotations", destroy, registration, "low");
      else report("missingDestructiveHint", destroy, tool.annotationsNode ?? registration, "low");
    }
  }
  if (openWorld === false) {
    // A fixed API is a closed domain; hosts the model picks are the open world.
    const net = effects.find((e) => e.kind === "network" && e.openHost && !local(e.call, context));
    if (net) report("closedWorldButNetwork", net, property("openWorldHint") ?? registration, "low");
  }
}

/** The most telling effect: running what the model writes outranks moving funds, fixed commands, deletes and writes. */
const PRIORITY = ["exec-arbitrary", "transfer", "exec-mutating", "db-destroy", "http-delete", "fs-delete", "fs-overwrite", "db-write", "http-write", "fs-write"];

function first(effects: readonly Effect[], kinds: ReadonlySet<string>): Effect | undefined {
  const matching = effects.filter((e) => kinds.has(e.kind));
  return matching.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind))[0];
}

/** A request to localhost stays on the machine. */
function local(call: ts.Node, context: RuleContext): boolean {
  if (!ts.isCallExpression(call) && !ts.isNewExpression(call)) return false;
  const a0 = call.arguments?.[0];
  if (!a0) return false;
  const e = skipOuter(a0);
  const head = context.constantText(e) ?? (ts.isTemplateExpression(e) ? e.head.text : undefined);
  return !!head && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/]|$)/i.test(head);
}

function nameNode(tool: ToolModel, context: RuleContext): ts.Node {
  const node = tool.node;
  if (ts.isCallExpression(node)) {
    const a0 = node.arguments[0];
    if (!a0) return node;
    return ts.isObjectLiteralExpression(skipOuter(a0)) ? (context.objectProps(a0)?.find("name") ?? a0) : a0;
  }
  if (ts.isObjectLiteralExpression(node)) return context.objectProps(node)?.find("name") ?? node;
  if (ts.isClassLike(node)) return node.members.find((m) => m.name && ts.isIdentifier(m.name) && m.name.text === "name") ?? node;
  return node;
}

function normalize(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[-.\s]+/g, "_");
}

function where(node: ts.Node, context: RuleContext): string {
  const sf = node.getSourceFile();
  return `${context.pathOf(node)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
}
