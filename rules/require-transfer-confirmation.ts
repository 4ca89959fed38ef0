import { bindingKey, calleeName, createRule, isFunctionLike, skipOuter, ts, type FunctionLike, type RuleContext, type ToolModel, type TraceStep } from "../src/rule-api/index.js";
import { signingCall, walletScope, type SigningAction, type SigningCall } from "../src/rule-api/crypto-wallets.js";
import { ProjectIndex } from "../src/rule-api/project-index.js";
import { ConstantBranches, visitTaken, type ConstantEnv } from "../src/rule-api/constant-branches.js";
import { functionName, isAnyKey, valueOrigins, type CallFrame, type Origin, type OriginPolicy } from "../src/rule-api/value-origins.js";

/** A human in the loop: MCP elicitation, an approval helper, or a second factor the user types. */
const CONFIRMATION_CALL = /^(elicitInput|elicit|requestConfirmation|requestUserConfirmation|askForConfirmation|askConfirmation|confirmWithUser|getUserConfirmation|requestApproval|requestUserApproval|waitForApproval|promptForApproval|verifyTotp|verifyOtp|verify2fa|verifyTwoFactor)$/;
const SECOND_FACTOR_MODULES = new Set(["otplib", "@otplib/core", "@otplib/preset-default", "speakeasy", "@simplewebauthn/server", "otpauth"]);
/** Decoders: what comes out is what went in (a serialized transaction from the arguments is still the arguments'). */
const DECODERS = new Set(["from", "deserialize", "parse", "decode", "parseTransaction", "hexToBytes", "fromHex", "base64ToBytes", "toBytes", "Transaction", "VersionedTransaction", "fromSerialized", "decodeTransaction"]);
/** An argument that names something a preparing tool produced: the second half of a prepare/confirm pair. */
const CONFIRMATION_FIELD = /(confirm|approv|prepared|pending|quote|intent|proposal|preview|simulation|draft)\w*(token|id|code|hash|nonce)$/i;

const ACTION_TEXT: Record<SigningAction, string> = {
  transfer: "transfers tokens",
  transaction: "signs and sends a transaction",
  contract: "sends a contract transaction",
  "typed-data": "signs EIP-712 typed data",
  message: "signs a message",
  order: "places an exchange order",
  withdrawal: "withdraws funds from an exchange",
};
const BLIND_WHAT: Partial<Record<SigningAction, string>> = {
  transaction: "a transaction (raw calldata or a serialized transaction)",
  contract: "an arbitrary contract call (ABI or function name)",
  "typed-data": "EIP-712 typed data",
  message: "a message",
};

const MAX_FUNCTIONS = 200;
const MAX_DEPTH = 6;

export default createRule({
  id: "require-transfer-confirmation",
  meta: {
    description: "Ask the user to confirm before a tool signs or sends a transaction, and mark such tools destructive",
    severity: "high",
    confidence: "medium",
    checklist: ["CRYPTO-4", "CRYPTO-5", "UIX-2"],
    cwe: ["CWE-862"],
    messages: {
      noConfirmation:
        "Tool {{tool}} {{action}} ({{api}}{{via}}) with no confirmation step and no `destructiveHint: true`: a prompt-injected model can move the user's funds in one call. Ask the user first through elicitation (`elicitInput`) showing recipient, amount, asset, chain and fee, or split it into prepare and confirm tools, and set `destructiveHint: true` so clients ask before running it.",
      blindSigning:
        "Tool {{tool}} signs {{what}} taken straight from its arguments ({{api}}{{via}}), with no confirmation step and no `destructiveHint: true`: {{source}} decides what the wallet signs, and a permit, an approval or a raw transaction can hand over everything the wallet holds (blind signing). Decode what is being signed, show it to the user and ask before signing.",
    },
    docs: {
      rationale:
        "A wallet or exchange tool acts with the user's keys. The model calling it can be steered by any text it reads (a web page, a token's metadata, an email), so a tool that signs or sends in one step lets a prompt injection drain the wallet. Signing typed data or calldata taken from the arguments is worse: the user cannot see that an innocent-looking request is an unlimited token approval or a Permit2 signature. The checklist asks for a confirmation that shows the decoded transaction, and for fund operations a second factor.",
      remediation:
        "Before signing, ask the user through MCP elicitation (`server.server.elicitInput(...)`) with the decoded recipient, amount, asset, chain and fee; or split the operation into a tool that prepares and returns the transaction with a confirmation id and a tool that signs only a prepared transaction; or require a one-time code (`authenticator.verify`). Set `annotations.destructiveHint: true` on every tool that moves funds so clients ask before running it.",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { createWalletClient, http, parseEther } from "viem";',
          'import { privateKeyToAccount } from "viem/accounts";',
          'import { mainnet } from "viem/chains";',
          'import { z } from "zod";',
          "const account = privateKeyToAccount(process.env.PRIVATE_KEY as `0x${string}`);",
          "const wallet = createWalletClient({ account, chain: mainnet, transport: http() });",
          'const server = new McpServer({ name: "wallet", version: "1.0.0" });',
          'server.tool("send_eth", { to: z.string(), amount: z.string() }, async ({ to, amount }) => {',
          "  const hash = await wallet.sendTransaction({ to: to as `0x${string}`, value: parseEther(amount) });",
          '  return { content: [{ type: "text", text: hash }] };',
          "});",
        ].join("\n"),
        good: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { createWalletClient, http, parseEther } from "viem";',
          'import { privateKeyToAccount } from "viem/accounts";',
          'import { mainnet } from "viem/chains";',
          'import { z } from "zod";',
          "const account = privateKeyToAccount(process.env.PRIVATE_KEY as `0x${string}`);",
          "const wallet = createWalletClient({ account, chain: mainnet, transport: http() });",
          'const server = new McpServer({ name: "wallet", version: "1.0.0" });',
          'server.registerTool("send_eth", { inputSchema: { to: z.string(), amount: z.string() }, annotations: { destructiveHint: true } }, async ({ to, amount }) => {',
          "  const answer = await server.server.elicitInput({",
          "    message: `Send ${amount} ETH on Ethereum mainnet to ${to}?`,",
          '    requestedSchema: { type: "object", properties: { confirm: { type: "boolean" } }, required: ["confirm"] },',
          "  });",
          '  if (answer.action !== "accept" || answer.content?.confirm !== true) return { content: [{ type: "text", text: "Cancelled" }] };',
          "  const hash = await wallet.sendTransaction({ to: to as `0x${string}`, value: parseEther(amount) });",
          '  return { content: [{ type: "text", text: hash }] };',
          "});",
        ].join("\n"),
      },
    },
    references: [
      "https://cwe.mitre.org/data/definitions/862.html",
      "https://modelcontextprotocol.io/specification/2025-06-18/client/elicitation",
      "https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-annotations",
      "https://eips.ethereum.org/EIPS/eip-712",
    ],
  },
  create(context) {
    const index = new ProjectIndex(context);
    return {
      "Program:exit"() {
        const inScope = walletScope(context);
        const branches = new ConstantBranches(context, index.declarations);
        const handlers = new Set(context.model.sources.flatMap((s) => (s.fn && s.kind === "tool-argument" ? [s.fn] : [])));
        for (const tool of context.model.tools) {
          const region = dispatchRegion(tool) ?? tool.handler;
          if (!region || !inScope(tool.node) || tool.annotations.destructiveHint === true || hasConfirmationArgument(tool)) continue;
          const reach = reachable(region, context, branches);
          if (reach.confirmed || !reach.signing.length) continue;
          report(tool, reach.signing, context, index, handlers);
        }
      },
    };
  },
});

/** A low-level tool's case; `case "a": case "b": {...}` runs b's statements for a too. */
function dispatchRegion(tool: ToolModel): ts.Node | undefined {
  const d = tool.dispatch;
  if (!d || !ts.isCaseClause(d) || d.statements.length) return d;
  const clauses = d.parent.clauses;
  for (let i = clauses.indexOf(d); i < clauses.length; i++) {
    const c = clauses[i];
    if (c && c.statements.length) return c;
  }
  return d;
}

interface Reached {
  sink: SigningCall;
  /** The project functions between the handler and the call, outermost first, with the calls that entered them. */
  via: CallFrame[];
}

/**
 * The signing calls a handler can reach through the project's functions, and whether a confirmation is reachable too.
 * Branches that constant arguments rule out are skipped: a router `api("/wallets")` does not reach its send branch.
 */
function reachable(region: ts.Node, context: RuleContext, branches: ConstantBranches): { signing: Reached[]; confirmed: boolean } {
  const signing: Reached[] = [];
  let confirmed = false;
  const seen = new Set<string>();
  const queue: { node: ts.Node; via: CallFrame[]; env: ConstantEnv }[] = [{ node: region, via: [], env: new Map() }];
  while (queue.length && !confirmed && seen.size < MAX_FUNCTIONS) {
    const { node, via, env } = queue.shift() as (typeof queue)[number];
    visitTaken(node, env, branches, (n) => {
      if (confirmed) return false;
      if (!ts.isCallExpression(n)) return true;
      const name = calleeName(n) ?? "";
      const api = context.api(n.expression);
      if (CONFIRMATION_CALL.test(name) || (api && SECOND_FACTOR_MODULES.has(api.module) && /verify|check/i.test(name))) {
        confirmed = true;
        return false;
      }
      const sink = signingCall(n, context);
      if (sink) signing.push({ sink, via });
      else if (!api && via.length < MAX_DEPTH) {
        for (const fn of context.calleeFunctions(n)) {
          // Re-entering a function already on the path (a retry, a pay-and-retry loop) is attributed to the tools that ask for it directly.
          if (fn === region || via.some((f) => f.fn === fn)) continue;
          const bound = branches.bind(fn, n, env);
          const key = `${fn.getSourceFile().fileName}:${fn.pos}:${[...bound.values()].join("\u0000")}`;
          if (seen.has(key)) continue;
          seen.add(key);
          queue.push({ node: fn, via: [...via, { fn, call: n }], env: bound });
        }
      }
      return true;
    });
  }
  return { signing, confirmed };
}

/** The tool takes the id or token of something a preparing tool produced (a prepare → confirm design). */
function hasConfirmationArgument(tool: ToolModel): boolean {
  const schema = tool.schema;
  if (!schema || schema.kind !== "object") return false;
  return [...schema.fields.keys()].some((name) => CONFIRMATION_FIELD.test(name));
}

function report(tool: ToolModel, signing: Reached[], context: RuleContext, index: ProjectIndex, handlers: ReadonlySet<FunctionLike>): void {
  const name = tool.name === null ? "(dynamic name)" : `"${tool.name}"`;
  const chain = (r: Reached): TraceStep[] => r.via.map((f) => context.step(f.call, "call", `calls ${functionName(f.fn) ?? "a function"}()`));
  for (const r of signing) {
    const blind = blindInput(r, context, index, handlers);
    if (!blind) continue;
    context.report({
      node: tool.node,
      messageId: "blindSigning",
      data: { tool: name, what: BLIND_WHAT[r.sink.action] ?? "a transaction", api: r.sink.api, via: viaText(r.via), source: blind.info },
      trace: [context.step(blind.node, "source", blind.info), ...blind.hops.map((h) => context.step(h.node, "step", h.message)), context.step(r.sink.call, "sink", `${ACTION_TEXT[r.sink.action]} (${r.sink.api})`)],
      ...(tool.name ? { tool: tool.name } : {}),
    });
    return;
  }
  const first = signing[0];
  if (!first) return;
  context.report({
    node: tool.node,
    messageId: "noConfirmation",
    data: { tool: name, action: ACTION_TEXT[first.sink.action], api: first.sink.api, via: viaText(first.via) },
    trace: [context.step(tool.node, "source", `tool ${name} is registered without destructiveHint: true`), ...chain(first), context.step(first.sink.call, "sink", `${ACTION_TEXT[first.sink.action]} (${first.sink.api})`)],
    ...(tool.name ? { tool: tool.name } : {}),
  });
}

function viaText(via: CallFrame[]): string {
  const names = via.map((f) => functionName(f.fn)).filter((n): n is string => !!n);
  return names.length ? `, through ${names.map((n) => `${n}()`).join(" → ")}` : "";
}

/** The payload signed is a tool argument itself (decoded at most): typed data, a message, calldata, a serialized transaction, an ABI. */
function blindInput(reached: Reached, context: RuleContext, index: ProjectIndex, handlers: ReadonlySet<FunctionLike>): Origin<string> | undefined {
  const sink = reached.sink;
  const args = sink.call.arguments;
  const payloads: ts.Expression[] = [];
  const fields = (e: ts.Expression | undefined, keys: string[]): void => {
    const obj = e && context.objectProps(e);
    if (!obj) return;
    for (const k of keys) {
      const v = obj.value(k);
      if (v) payloads.push(v);
    }
  };
  const asObject = (a: ts.Expression) => !!context.objectProps(a);
  switch (sink.action) {
    case "typed-data":
      for (const a of args) asObject(a) ? fields(a, ["domain", "types", "message", "primaryType"]) : payloads.push(a);
      break;
    case "message":
      if (args[0]) asObject(args[0]) ? fields(args[0], ["message"]) : payloads.push(args[0]);
      break;
    case "transaction":
      for (const a of args) {
        if (asObject(a)) fields(a, ["data", "input", "serializedTransaction", "transaction"]);
        else if (!ts.isArrayLiteralExpression(skipOuter(a))) payloads.push(a);
      }
      break;
    case "contract":
      fields(args[0], ["abi", "functionName"]);
      break;
    default:
      return undefined;
  }
  const policy = argumentPolicy(handlers, index);
  for (const p of payloads) {
    // Back along this tool's own call chain only: a shared helper's other callers belong to other tools.
    const origin = valueOrigins(p, context, index, policy, reached.via)[0];
    if (origin) return origin;
  }
  return undefined;
}

/** Origins are a tool handler's arguments; decoders keep the value, anything else ends the path. */
function argumentPolicy(handlers: ReadonlySet<FunctionLike>, index: ProjectIndex): OriginPolicy<string> {
  return {
    source(expr, demand) {
      if (!ts.isIdentifier(expr)) return undefined;
      let decl: ts.Node | undefined = index.declarations.of(expr);
      const keys: string[] = [];
      while (decl && ts.isBindingElement(decl)) {
        const key = bindingKey(decl);
        if (key) keys.unshift(key);
        decl = decl.parent.parent;
      }
      if (!decl || !ts.isParameter(decl) || !isFunctionLike(decl.parent) || !handlers.has(decl.parent)) return undefined;
      const field = [...keys, ...demand].filter((k) => k !== "params" && k !== "arguments" && !isAnyKey(k));
      return field.length ? `the tool argument \`${field.join(".")}\`` : "the tool arguments";
    },
    call(call, input) {
      const name = calleeName(call) ?? "";
      return DECODERS.has(name) && (input === 0 || input === "receiver") ? "follow" : undefined;
    },
    boundary: () => true,
    // `Sign in with nonce ${nonce}`: fixed text around a value is the server's message, not the model's.
    enter: (expr) => !((ts.isTemplateExpression(expr) && (expr.head.text.trim() || expr.templateSpans.some((t) => t.literal.text.trim()))) || (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken && [expr.left, expr.right].some((x) => ts.isStringLiteralLike(x) && x.text.trim()))),
  };
}
