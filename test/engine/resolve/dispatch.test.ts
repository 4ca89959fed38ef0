import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree } from "../../../src/engine/load/load-tree.js";
import { ScanPrograms } from "../../../src/engine/project/create-program.js";
import { ValueResolver } from "../../../src/engine/resolve/value-resolver.js";
import { ts } from "../../../src/rule-api/ts.js";
import { writeProject } from "../../helpers/temp-project.js";

const root = writeProject({
  "src/tools.ts": `
    export const fileTools = { read: { handler: function readHandler(a: any) {} } };
    export const netTools = { ping: { handler: function pingHandler(a: any) {} } };
  `,
  "src/registry.ts": `
    export const plugins: { name: string; run(a: any): void }[] = [];
    export const routes = new Map<string, (a: any) => void>();
  `,
  "src/plugins.ts": `
    import { plugins, routes } from "./registry.js";
    const extra = [{ name: "du", run: function duRun(a: any) {} }];
    plugins.push({ name: "df", run: function dfRun(a: any) {} }, ...extra);
    routes.set("kill", function killRoute(a: any) {});
  `,
  "src/handlers.ts": `
    export function pingHandler2(a: any) {}
    export const traceHandler = function traceHandler(a: any) {};
    export const VERSION = "1.0.0";
  `,
  "src/server.ts": `
    import { fileTools, netTools } from "./tools.js";
    import { plugins, routes } from "./registry.js";
    import * as handlerModule from "./handlers.js";
    const all = { ...fileTools, ...netTools };
    const handlers = { list: function listHandler(a: any) {}, async stat(a: any) {} };
    const LIST = [{ name: "grep", run: function grepRun(a: any) {} }, ...[{ name: "wc", run: function wcRun(a: any) {} }]];
    const registry = new Map([["ls", { handler: function lsHandler(a: any) {} }]]);
    class CatTool { execute(a: any) {} }
    const instances = [new CatTool()];
    const settings = { get(key: string) { return key; } };
    declare const name: string;
    declare const outside: Record<string, { handler(a: any): void }>;

    const tool = all[name];
    tool.handler(1);
    handlers[name](2);
    const fn = handlers[name];
    fn(3);
    LIST.find((t) => t.name === name)?.run(4);
    registry.get(name)?.handler(5);
    instances.find((t) => t)!.execute(6);
    Object.values(handlers).find((h) => h)!(7);
    for (const entry of LIST) entry.run(8);
    handlers["list"](9);
    outside[name].handler(10);
    let later = handlers[name];
    later = () => {};
    later(11);
    settings.get(12);
    plugins.find((t) => t.name === name)?.run(13);
    routes.get(name)!(14);
    routes.get("kill")!(15);
    function enabled() { return LIST.filter((t) => t.name !== "wc"); }
    enabled().find((t) => t.name === name)!.run(16);
    LIST.concat([{ name: "tac", run: function tacRun(a: any) {} }]).find((t) => t.name === name)!.run(17);
    (handlerModule as any)[name](18);
    const late: Record<string, (a: any) => void> = {};
    late[name.toUpperCase()] = function lateHandler(a: any) {};
    late[name](19);
    class Router {
      private routes = new Map<string, (a: any) => void>();
      constructor() { this.routes.set("open", this.open.bind(this)); }
      open(a: any) {}
      route(n: string) { this.routes.get(n)?.(20); }
    }
    const wrapped: { name: string; run: (a: any) => void }[] = [];
    for (const [key, run] of Object.entries(handlers)) wrapped.push({ name: key, run });
    wrapped.find((w) => w.name === name)!.run(21);
  `,
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("ValueResolver.calleeFunctions through dispatch tables", () => {
  it("runs every entry a dynamic key, find, Map get or for…of may pick, and nothing it cannot see", async () => {
    const tree = await loadTree({ root });
    const programs = new ScanPrograms(tree);
    const program = programs.program(programs.plan()[0] ?? []);
    const resolver = new ValueResolver(program.program, program.checker);
    const server = program.files.find((f) => f.fileName.endsWith("server.ts"))!;
    const calls: ts.CallExpression[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isNumericLiteral(n.arguments[0]!)) calls.push(n);
      ts.forEachChild(n, visit);
    };
    visit(server);
    const names = (fn: ts.Node) => ((ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn)) && fn.name ? fn.name.text : ts.isMethodDeclaration(fn) ? fn.name.getText() : fn.getText());
    const byArgument = new Map(calls.map((c) => [c.arguments[0]!.getText(), resolver.calleeFunctions(c).map(names).sort()]));
    expect(Object.fromEntries(byArgument)).toEqual({
      "1": ["pingHandler", "readHandler"],
      "2": ["listHandler", "stat"],
      "3": ["listHandler", "stat"],
      "4": ["grepRun", "wcRun"],
      "5": ["lsHandler"],
      "6": ["execute"],
      "7": ["listHandler", "stat"],
      "8": ["grepRun", "wcRun"],
      "9": ["listHandler"], // a literal key picks one entry
      "10": [], // a table the project did not write out
      "11": [], // a binding that is reassigned
      "12": ["get"], // a method of a plain object, not a Map lookup
      "13": ["dfRun", "duRun"], // pushed onto the registry by another module
      "14": ["killRoute"],
      "15": [], // a fixed key is no pick: the resolver does not follow Map keys
      "16": ["grepRun", "wcRun"], // a filtered view of a table, returned by a function
      "17": ["grepRun", "tacRun", "wcRun"],
      "18": ["pingHandler2", "traceHandler"], // the exports of a namespace import
      "19": ["lateHandler"], // assigned into the table after it was created
      "20": ["open"], // a field filled in the constructor
      "21": ["listHandler", "stat"], // wrapped from a table's entries in a loop
    });
  });
});
