import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree } from "../../../src/engine/load/load-tree.js";
import { ScanPrograms } from "../../../src/engine/project/create-program.js";
import { ValueResolver } from "../../../src/engine/resolve/value-resolver.js";
import { ts } from "../../../src/rule-api/ts.js";
import { writeProject } from "../../helpers/temp-project.js";

const root = writeProject({
  "src/config.ts": `
    export const settings = { endpoint: "https://api.example.com", retry() { return 3; } };
  `,
  "src/server.ts": `
    import { settings } from "./config.js";
    class Base { region = "eu"; }
    class Client extends Base {
      static defaultTimeout = 30;
      token = "t";
      send() { return 1; }
    }
    const client = new Client();
    let anything: any;
    read(Client.defaultTimeout, client.token, client.region, settings.endpoint, settings.retry, client.send, Client.token, anything.token, client.missing);
  `,
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("ValueResolver.memberDeclaration", () => {
  it("finds static fields, instance fields (inherited too) and object-literal properties without the checker", async () => {
    const tree = await loadTree({ root });
    const programs = new ScanPrograms(tree);
    const program = programs.program(programs.plan()[0] ?? []);
    const resolver = new ValueResolver(program.program, program.checker);
    const server = program.files.find((f) => f.fileName.endsWith("server.ts"));
    const read = server?.statements.at(-1) as ts.ExpressionStatement;
    const args = (read.expression as ts.CallExpression).arguments.map((a) => a as ts.PropertyAccessExpression);
    expect(args.map((a) => resolver.memberDeclaration(a)?.getText())).toEqual([
      "static defaultTimeout = 30;",
      'token = "t";',
      'region = "eu";',
      'endpoint: "https://api.example.com"',
      undefined, // a method is not a property holding a value
      undefined,
      undefined, // an instance field read off the class
      undefined, // an untyped value: nothing to look in
      undefined,
    ]);
  });
});
