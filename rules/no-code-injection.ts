import { createRule, hasMark, skipOuter, stringParts, ts, type RuleContext, type TaintHit } from "../src/rule-api/index.js";
import { attacker, describeSource, signedInGrade, toolOf } from "../src/rule-api/describe-source.js";
import { perCaller } from "../src/rule-api/per-caller.js";
import { codeArguments, pageScriptArguments } from "../src/rule-api/sinks/code-sinks.js";

export default createRule({
  id: "no-code-injection",
  meta: {
    description: "Never evaluate tool arguments as code (JavaScript, or an interpreter's inline script) or load modules they name",
    severity: "critical",
    confidence: "high",
    checklist: ["TOOL-1", "TOOL-2", "TOOL-3"],
    cwe: ["CWE-94", "CWE-95"],
    messages: {
      evaluated: "{{source}} is evaluated as code by {{api}}: {{who}} runs JavaScript inside the server process, with its files, environment and credentials.",
      interpreted: "{{source}} is run as code by {{api}}: {{who}} runs any program on the host, with the server's files, environment and credentials. Pass the value as data (an argument after the script, stdin, or a file) instead of writing it into the code.",
      evaluatedResponse: "{{source}} is evaluated as code by {{api}}: whoever controls that server's answer, or the URL it was fetched from, runs JavaScript inside the server process. Parse the answer as data (JSON.parse) instead.",
      loaded: "{{source}} names the module {{api}} loads: {{who}} can load and run any file on disk as code.",
      pageScript:
        "{{source}} is written into the script {{api}} runs in the browser page: a quote ends the string it sits in, so {{who}} can run any script in the page, with its cookies and logged-in sessions. Pass the value as an argument (`page.evaluate((s) => …, value)`) or write it with JSON.stringify.",
    },
    docs: {
      rationale:
        "`eval`, `new Function`, the `vm` module and string timers run text as JavaScript in the server's own process; `vm` is not a security boundary. A dynamic `import()` or `require()` of a model-chosen specifier runs whatever file it names, and text written into an interpreter's inline script (`python3 -c`, `node -e`) runs as that language. Any of these turns a prompt injection into code execution with the server's privileges.",
      remediation:
        "Do not evaluate model input. Map names to functions with an object or a switch; parse data with JSON.parse; if user code must run, run it in a real sandbox (a separate process or container with no network and no secrets, or isolated-vm with limits). Load only modules from a fixed list.",
      examples: {
        bad: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "calc", version: "1.0.0" });',
          'server.tool("calculate", { expression: z.string() }, async ({ expression }) => {',
          '  return { content: [{ type: "text", text: String(eval(expression)) }] };',
          "});",
        ].join("\n"),
        good: [
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "calc", version: "1.0.0" });',
          'server.tool("add", { a: z.number(), b: z.number() }, async ({ a, b }) => {',
          '  return { content: [{ type: "text", text: String(a + b) }] };',
          "});",
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/94.html", "https://cwe.mitre.org/data/definitions/95.html", "https://nodejs.org/api/vm.html#vm-executing-javascript"],
  },
  create(context) {
    const check = (node: ts.CallExpression | ts.NewExpression) => {
      for (const sink of codeArguments(node, context)) {
        const data = (h: TaintHit) => !hasMark(h.taint, "number") && !hasMark(h.taint, "const") && !hasMark(h.taint, "regex");
        const loads = !!sink.loads;
        const hits = context.taint(sink.expr).filter(data);
        const hit = hits[0];
        // eval(`(${await res.text()})`): a fetched answer run as code, a step from the model's injection or the network's.
        const answer = hit || loads || sink.interpreter ? undefined : context.taint(sink.expr, ["third-party-content"]).find(data);
        if (answer) {
          context.report({ node, messageId: "evaluatedResponse", data: { source: describeSource(answer), api: sink.api }, severity: "high", confidence: "medium", trace: context.trace(answer, sink.expr, `evaluates the code (${sink.api})`), ...toolOf(answer, node, context) });
          return;
        }
        if (!hit) continue;
        for (const h of perCaller(hits)) {
          context.report({
            node,
            messageId: loads ? "loaded" : sink.interpreter ? "interpreted" : "evaluated",
            data: { source: describeSource(h), who: attacker(h, context), api: sink.api },
            trace: context.trace(h, sink.expr, loads ? "loads the module" : `evaluates the code (${sink.api})`),
            ...toolOf(h, node, context), ...signedInGrade(h, context),
            perCaller: true,
          });
        }
        return;
      }
    };
    // A tool that runs the model's script in the page does so by design (`(${script})()`); a value written inside a
    // string literal of the server's own script was meant as data, and a quote in it breaks out.
    const pageScript = (node: ts.CallExpression) => {
      for (const sink of pageScriptArguments(node, context)) {
        const hit = quotedPieces(sink.expr, context)
          .flatMap((piece) => context.taint(piece))
          .find((h) => !hasMark(h.taint, "number") && !hasMark(h.taint, "const") && !hasMark(h.taint, "regex") && !hasMark(h.taint, "string-escaped") && !hasMark(h.taint, "uri-encoded"));
        if (!hit) continue;
        context.report({ node, messageId: "pageScript", data: { source: describeSource(hit), who: attacker(hit, context), api: sink.api }, severity: "high", confidence: "medium", trace: context.trace(hit, sink.expr, `runs the script in the page (${sink.api})`), ...toolOf(hit, node, context), ...signedInGrade(hit, context) });
        return;
      }
    };
    return {
      CallExpression: (node: ts.CallExpression) => {
        check(node);
        pageScript(node);
      },
      NewExpression: check,
    };
  },
});

/** The values a script template writes inside one of its own string literals (`querySelector('${selector}')`). */
function quotedPieces(expr: ts.Expression, context: RuleContext, depth = 0): ts.Expression[] {
  let e = skipOuter(expr);
  // evaluate(expression) { client.Runtime.evaluate({ expression }) }: the scripts its callers write.
  const passed = ts.isIdentifier(e) && depth < 2 ? context.injectedArguments(e) : [];
  if (passed.length) return passed.flatMap((arg) => quotedPieces(arg, context, depth + 1));
  if (ts.isIdentifier(e)) e = skipOuter(context.initializer(e) ?? e);
  const parts = stringParts(e);
  if (!parts) return [];
  let text = "";
  const out: ts.Expression[] = [];
  for (const part of parts) {
    if (part.kind === "text") text += part.text;
    else {
      if (insideString(text)) out.push(part.expr);
      text += "0";
    }
  }
  return out;
}

/** Whether JavaScript source ending with `code` is inside a quoted string or template. */
function insideString(code: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (quote && c === "\\") i++;
    else if (quote && c === quote) quote = undefined;
    else if (!quote && (c === "'" || c === '"' || c === "`")) quote = c;
  }
  return quote !== undefined;
}
