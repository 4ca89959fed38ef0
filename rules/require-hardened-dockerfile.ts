import path from "node:path";
import type { Arg, Env, Instruction, Property } from "dockerfile-ast";
import { createRule, type RuleContext } from "../src/rule-api/index.js";
import { dockerfilesOf, type DockerStage, type ParsedDockerfile } from "../src/rule-api/repo/dockerfiles.js";
import { lockfilesOf } from "../src/rule-api/repo/lockfiles.js";
import { packageManifests } from "../src/rule-api/repo/package-manifests.js";
import { remoteExecution } from "../src/rule-api/repo/remote-execution.js";
import { readRepositoryFile } from "../src/rule-api/repo/repository-file.js";
import { isPlaceholderSecret } from "../src/rule-api/secrets/placeholder.js";
import { secretNameKind } from "../src/rule-api/secrets/secret-name.js";

/** Images whose default user is not root. */
const NONROOT_IMAGE = /(^|\/)(distroless\/[^:@]+:(.*-)?nonroot\b)|:(.*-)?nonroot(\b|$)|^cgr\.dev\/chainguard\/(?!.*-dev\b)/;
/** Official database images whose entrypoint starts the server as its own user (gosu), as long as their command is kept. */
const PRIVILEGE_DROPPING_IMAGE = /^(docker\.io\/)?(library\/)?(postgres|mysql|mariadb|mongo|redis|rabbitmq)(:[^/]*)?(@.*)?$/;
/** Tags made only of these words follow new releases (`lts-alpine`, `current-slim`), as `latest` does. */
const MOVING_TAG_WORDS = new Set(["latest", "lts", "current", "stable", "edge", "rolling", "nightly", "next", "main", "master", "dev", "alpine", "slim"]);
const ROOT_USER = /^(root|0)(:.*)?$/i;
/** Words that name a one-shot build, packaging or test job (`build:linux`, `package.sh`, `Dockerfile.build.windows`). */
const BUILD_WORDS = new Set(["build", "builder", "package", "packaging", "pack", "dist", "compile", "bundle", "make", "release", "installer", "installers", "toolchain", "test", "tests", "e2e", "lint", "ci"]);
/** Words that name a long-running process (`start:build`, `serve-dist`, `test-server.sh`). */
const SERVER_WORDS = new Set(["start", "serve", "server", "dev", "watch", "daemon"]);
/** Programs that start the command after their options (an init, an environment prefix, the shell's `exec`). */
const LAUNCHER = /^(tini|dumb-init|exec|env)$/;
/** Folders of the default PATH, where a bare ENTRYPOINT name is looked up. */
const PATH_FOLDERS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

export default createRule({
  id: "require-hardened-dockerfile",
  meta: {
    description: "Build container images that run as non-root from pinned bases, with no remote scripts or baked-in secrets",
    severity: "medium",
    confidence: "high",
    checklist: ["DEPL-2", "DEPL-1", "SAUTH-4", "BGP-3"],
    cwe: ["CWE-250", "CWE-1357"],
    messages: {
      runsAsRoot:
        "The final stage of {{file}} (FROM {{image}}) sets no USER, so the server runs as root inside the container: a tool call that reaches a shell, a path traversal or a dependency exploit gets root in the container and an easier path to the host. Add `USER node` (or another unprivileged user) after installing packages.",
      rootUser:
        "The final stage of {{file}} switches to `USER {{user}}`: the server runs as root inside the container, so any code execution through a tool gets root. Switch to an unprivileged user (`USER node`, `USER 1000`) before CMD.",
      unpinnedLatest:
        "`FROM {{image}}` {{how}}: each build can pull a different image (a new major version, or a compromised one), and builds are not reproducible. Pin a version and a digest: `FROM {{name}}:<version>@sha256:<digest>`, and let Dependabot or Renovate update it.",
      unpinnedTag:
        "`FROM {{image}}` is pinned by tag only: tags are mutable, so the registry (or whoever takes it over) can change the base under you. Add the digest: `FROM {{image}}@sha256:<digest>`, and let Dependabot or Renovate update it.",
      pipeToShell:
        "This RUN pipes a download into an interpreter (`{{excerpt}}`): the image executes whatever the URL serves at build time, unverified. Download to a file, check it against a pinned SHA-256 (or use the distribution's package manager), then run it.",
      remoteAdd:
        "`ADD {{source}}` downloads into the image without a checksum: the content can change between builds and nothing verifies it. Use `ADD --checksum=sha256:<digest> {{source}} …`, or download in a RUN step and verify the hash.",
      secretInImage:
        "`{{instruction}} {{name}}` sets a literal {{kind}} (value not shown): it is stored in the image's layers and history, readable by anyone who can pull the image (`docker history`) or read the repository. Pass it at run time (`docker run -e`, a secret store) or as a build secret (`RUN --mount=type=secret`), and revoke this one.",
      noHealthcheck:
        "{{file}} exposes port {{port}} but its final stage has no HEALTHCHECK: the container runtime cannot tell a hung or crashed server from a healthy one, so it is never restarted. Add `HEALTHCHECK CMD wget -qO- http://127.0.0.1:{{port}}/health || exit 1` (or your runtime's probe).",
      mutableInstall:
        "The final image installs dependencies with `{{command}}`, which ignores the committed lockfile: each build can resolve different versions than the ones tested. Use `npm ci --omit=dev` (or `pnpm install --frozen-lockfile --prod`, `yarn install --immutable`).",
    },
    docs: {
      rationale:
        "Containers are the isolation layer the checklist asks MCP servers to run in, and they only isolate when built carefully. A server that runs as root inside the container turns any tool-call exploit into root in the container and a short step to the host. Base images pulled by `latest` or a mutable tag change under you; `curl | sh` and `ADD <url>` run or embed whatever a remote host serves at build time. Secrets in ENV or ARG are stored in the image history for everyone who can pull it. Without a HEALTHCHECK, a wedged HTTP server is never restarted.",
      remediation:
        "End the final stage with `USER node` (or a numeric non-root user), pin every base image by version and digest (`FROM node:22-alpine@sha256:…`) and let Dependabot update it, download build tools to files and check their SHA-256 (or `ADD --checksum=`), pass secrets at run time or through `RUN --mount=type=secret`, install with `npm ci --omit=dev`, and add a HEALTHCHECK for HTTP servers.",
      examples: {
        bad: [
          "// file: Dockerfile",
          "// FROM node:latest",
          "// WORKDIR /app",
          "// COPY . .",
          "// RUN curl -fsSL https://get.example.com/tool.sh | sh",
          "// RUN npm ci --omit=dev",
          '// CMD ["node", "dist/index.js"]',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "files", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: Dockerfile",
          "// FROM node:22-alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000",
          "// WORKDIR /app",
          "// COPY package.json package-lock.json ./",
          "// RUN npm ci --omit=dev",
          "// COPY dist ./dist",
          "// USER node",
          '// CMD ["node", "dist/index.js"]',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "files", version: "1.0.0" });',
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/250.html", "https://cwe.mitre.org/data/definitions/1357.html", "https://docs.docker.com/build/building/best-practices/", "https://github.com/hadolint/hadolint"],
  },
  create(context) {
    return {
      check() {
        const hasLockfile = lockfilesOf(context.auxiliaryFiles).length > 0;
        for (const parsed of dockerfilesOf(context.auxiliaryFiles)) {
          const final = parsed.stages[parsed.stages.length - 1];
          if (!final) continue;
          // A dev container is a workstation: its user comes from devcontainer.json and it serves no traffic.
          const deployed = !/(^|\/)\.devcontainer\//.test(parsed.file.path);
          // A build or test job runs no server, so its root user has no tool calls to answer.
          if (deployed && !isBuildImage(parsed, final)) checkUser(context, parsed, final);
          for (const stage of parsed.stages) checkBase(context, parsed, stage);
          for (const stage of parsed.stages) for (const instruction of stage.instructions) checkInstruction(context, parsed, instruction);
          if (deployed) checkHealthcheck(context, parsed, final);
          if (deployed && hasLockfile) checkInstall(context, parsed, final);
        }
      },
    };
  },
});

function checkUser(context: RuleContext, parsed: ParsedDockerfile, final: DockerStage): void {
  const chain = stageChain(final);
  for (const stage of chain) {
    const users = stage.instructions.filter((i) => i.getKeyword() === "USER");
    const last = users[users.length - 1];
    if (!last) continue;
    const user = (last.getArgumentsContent() ?? "").trim();
    // A user from a build argument is the builder's choice; judge only literals.
    if (ROOT_USER.test(user) && !dropsPrivileges(parsed, chain)) context.report({ location: { path: parsed.file.path, line: parsed.lineOf(last.getRange().start) }, messageId: "rootUser", data: { file: parsed.file.path, user } });
    return;
  }
  const root = chain[chain.length - 1] as DockerStage;
  if (root.image && (NONROOT_IMAGE.test(root.image) || root.image === "scratch")) return;
  if (root.image && PRIVILEGE_DROPPING_IMAGE.test(root.image) && !chain.some((stage) => stage.instructions.some((i) => /^(CMD|ENTRYPOINT)$/.test(i.getKeyword())))) return;
  if (dropsPrivileges(parsed, chain)) return;
  context.report({ location: { path: parsed.file.path, line: final.line }, messageId: "runsAsRoot", data: { file: parsed.file.path, image: final.from.getImage() ?? "" } });
}

/**
 * Whether the final image starts the server through a switch to a named non-root user (`gosu app`, `setpriv --reuid=app`),
 * in its ENTRYPOINT or CMD or as the last command of an entrypoint script copied from the repository.
 */
function dropsPrivileges(parsed: ParsedDockerfile, chain: readonly DockerStage[]): boolean {
  const instructions = [...chain].reverse().flatMap((s) => s.instructions);
  const last = (keyword: string) => instructions.filter((i) => i.getKeyword() === keyword).pop();
  const entrypoint = last("ENTRYPOINT");
  const cmd = last("CMD");
  // Docker appends CMD to an exec-form ENTRYPOINT and ignores it after a shell-form one.
  const appended = entrypoint && cmd && (entrypoint.getArgumentsContent() ?? "").trim().startsWith("[") ? execWords(cmd) : [];
  const words = finalCommand(entrypoint ? [...execWords(entrypoint), ...appended] : cmd ? execWords(cmd) : []);
  if (switchesToUnprivileged(words)) return true;
  const script = words[0] === undefined ? undefined : copiedFileText(parsed, instructions, words[0]);
  if (script === undefined) return false;
  // Only the script's last command is sure to run; a switch in a branch or a comment proves nothing.
  const lines = script.replace(/\\\r?\n/g, " ").split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const lastLine = shellWords(lines[lines.length - 1] ?? "");
  if (lastLine[0] !== "exec") return false;
  const command = finalCommand(lastLine);
  // `exec "$@"` hands over to the arguments the script was started with (the CMD).
  return switchesToUnprivileged(command.length === 1 && command[0] === "$@" ? finalCommand(words.slice(1)) : command);
}

/** The command a launch ends in: past launchers, through `sh -c` to its last command, and to the script `sh script.sh` runs. */
function finalCommand(words: readonly string[]): string[] {
  const run = launched(words);
  if (run) return run.length ? finalCommand(run) : [];
  const [program = "", ...args] = words;
  const name = path.posix.basename(program);
  if (/^(ba|da|z)?sh$/.test(name) && args[0] === "-c") return finalCommand(shellWords(lastCommand(args[1] ?? "")));
  if (/^(ba|da|z)?sh$/.test(name) && args[0] !== undefined && !args[0].startsWith("-")) return args;
  return [...words];
}

/** The command an init wrapper or environment prefix runs, past its options; undefined when the program is neither. */
function launched(words: readonly string[]): string[] | undefined {
  const [program = "", ...args] = words;
  if (!LAUNCHER.test(path.posix.basename(program)) && !/^\w+=/.test(program)) return undefined;
  const start = args.findIndex((a) => !a.startsWith("-") && !/^\w+=/.test(a));
  return start >= 0 ? args.slice(start) : [];
}

/** The last command of a shell command line: the one the container lives as long as. */
function lastCommand(script: string): string {
  return script.split(/&&|\|\|?|;|\n/).pop() ?? "";
}

/** Words of one shell command line, with quotes around a whole word removed. */
function shellWords(line: string): string[] {
  return line.trim().split(/\s+/).filter(Boolean).map((w) => w.replace(/^(["'])(.*)\1$/, "$2"));
}

/** Whether a command runs the rest of itself as a literal non-root user (`gosu app`, `setpriv --reuid=1000`, `runuser -u app --`). */
function switchesToUnprivileged(words: readonly string[]): boolean {
  const [program = "", ...args] = words;
  const name = path.posix.basename(program);
  const user = /^(gosu|su-exec|s6-setuidgid)$/.test(name) ? args[0] : name === "setpriv" ? optionValue(args, "--reuid") : name === "runuser" ? (optionValue(args, "-u") ?? optionValue(args, "--user")) : undefined;
  // A user from a variable may be anyone, root included.
  return user !== undefined && /^\w[\w.-]*(:\w[\w.-]*)?$/.test(user) && !ROOT_USER.test(user);
}

function optionValue(args: readonly string[], option: string): string | undefined {
  for (const [index, arg] of args.entries()) {
    if (arg === option) return args[index + 1];
    if (arg.startsWith(`${option}=`)) return arg.slice(option.length + 1);
  }
  return undefined;
}

/** The text of the repository file that the image's last COPY or ADD to a container path put there, from either build context. */
function copiedFileText(parsed: ParsedDockerfile, instructions: readonly Instruction[], program: string): string | undefined {
  let workdir = "/";
  const copies: { sources: string[]; dest: string }[] = [];
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === "WORKDIR") workdir = path.posix.resolve(workdir, (instruction.getArgumentsContent() ?? "").trim());
    else if ((keyword === "COPY" || keyword === "ADD") && !/\s--from=/.test(parsed.textOf(instruction))) {
      const operands = instruction.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith("--"));
      const dest = operands.pop();
      if (dest && operands.length) copies.push({ sources: operands, dest: path.posix.resolve(workdir, dest) });
    }
  }
  const targets = program.includes("/") ? [path.posix.resolve(workdir, program)] : PATH_FOLDERS.map((folder) => `${folder}/${program}`);
  const contexts = [path.posix.dirname(parsed.file.path), "."];
  for (const { sources, dest } of copies.reverse()) {
    for (const target of targets) {
      const rest = target.startsWith(`${dest}/`) ? target.slice(dest.length + 1) : undefined;
      // A file copied to the exact path, into a folder, or a folder copied whole.
      const candidates = sources.flatMap((s) => [...(target === dest ? [s] : []), ...(rest === path.posix.basename(s) ? [s] : []), ...(rest !== undefined ? [path.posix.join(s, rest)] : [])]);
      for (const candidate of candidates) {
        for (const context of contexts) {
          const text = readRepositoryFile(parsed.file, path.posix.join(context, candidate));
          if (text !== undefined) return text;
        }
      }
    }
  }
  return undefined;
}

/** Whether the final image runs a build, packaging or test job rather than a server: judged by its command, or by its file name when it sets none. */
function isBuildImage(parsed: ParsedDockerfile, final: DockerStage): boolean {
  const instructions = stageChain(final).reverse().flatMap((s) => s.instructions);
  const last = (keyword: string) => instructions.filter((i) => i.getKeyword() === keyword).pop();
  const commands = [last("ENTRYPOINT"), last("CMD")].filter((i): i is Instruction => i !== undefined);
  if (commands.length) return isBuildCommand(commands.flatMap(execWords));
  return isBuildName(path.posix.basename(parsed.file.path)) || isBuildName(path.posix.basename(path.posix.dirname(parsed.file.path)));
}

/** The words Docker executes for a CMD or ENTRYPOINT: the exec-form array, or `sh -c <text>` for the shell form. */
function execWords(instruction: Instruction): string[] {
  const content = (instruction.getArgumentsContent() ?? "").trim();
  if (!content.startsWith("[")) return ["/bin/sh", "-c", content];
  try {
    const words: unknown = JSON.parse(content);
    return Array.isArray(words) ? words.map(String) : [];
  } catch {
    return [];
  }
}

function isBuildCommand(words: readonly string[]): boolean {
  const run = launched(words);
  if (run) return run.length > 0 && isBuildCommand(run);
  const [program = "", ...args] = words;
  const name = path.posix.basename(program);
  const operands = args.filter((a) => !a.startsWith("-"));
  if (/^(ba|da|z)?sh$/.test(name) && args[0] === "-c") {
    const script = args[1] ?? "";
    // A job sent to the background may be the server; otherwise the container lives as long as the last command.
    if (/(^|[^&])&([^&]|$)/.test(script)) return false;
    return isBuildCommand(lastCommand(script).trim().split(/\s+/));
  }
  if (/^(npm|pnpm|yarn|bun)$/.test(name)) {
    const script = operands[0] === "run" || operands[0] === "run-script" ? operands[1] : operands[0];
    // `bun run build/index.js` runs a file: judge it by its own name, as any script file.
    return script !== undefined && isBuildName(/[./]/.test(script) ? fileStem(script) : script);
  }
  if (name === "make") {
    // With no target, make builds its default one.
    const target = operands.find((a) => !a.includes("="));
    return target === undefined || isBuildName(target);
  }
  if (/^(node|bash|sh|python3?|pwsh|powershell)$/.test(name)) return operands[0] !== undefined && /[./]/.test(operands[0]) && isBuildName(fileStem(operands[0]));
  // A build script (`/build.sh`) or a build tool's subcommand (`electron-forge make`, `cargo build`).
  return isBuildName(fileStem(name)) || (operands[0] !== undefined && /^[a-z][a-z-]*$/i.test(operands[0]) && isBuildName(operands[0]));
}

/** A file's name without folder or extension: `build/index.js` → `index`. */
function fileStem(file: string): string {
  return path.posix.basename(file).replace(/\.[^.]*$/, "");
}

function isBuildName(name: string): boolean {
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  return words.some((w) => BUILD_WORDS.has(w)) && !words.some((w) => SERVER_WORDS.has(w));
}

function checkBase(context: RuleContext, parsed: ParsedDockerfile, stage: DockerStage): void {
  const image = stage.image;
  if (!image || stage.base || image === "scratch") return;
  const from = stage.from;
  if (from.getImageDigest() || image.includes("@sha256:")) return;
  const tag = /^(.*?)(?::([\w][\w.-]{0,127}))?$/.exec(image.replace(/^(.*\/)?/, ""));
  const name = image.slice(0, image.length - (tag?.[2] ? tag[2].length + 1 : 0));
  const location = { path: parsed.file.path, line: stage.line };
  if (!tag?.[2]) context.report({ location, messageId: "unpinnedLatest", data: { image, name, how: "has no tag, so it means `latest`" } });
  else if (tag[2].split(/[-_.]/).every((word) => MOVING_TAG_WORDS.has(word.toLowerCase()))) context.report({ location, messageId: "unpinnedLatest", data: { image, name, how: `uses the moving \`${tag[2]}\` tag` } });
  else context.report({ location, messageId: "unpinnedTag", data: { image }, severity: "low" });
}

/**
 * An installer from the project's own vendor (`get.pulumi.com` in @pulumi's image) is low: whoever controls that host
 * already ships the project. Over HTTPS from anyone else it is medium, as a moved action tag is; a plain-HTTP download
 * or one whose URL the scan cannot read is high.
 */
function pipeSeverity(url: URL | undefined, context: RuleContext): "low" | "medium" | "high" {
  if (!url || url.protocol !== "https:") return "high";
  const labels = url.hostname.toLowerCase().split(/[.-]/);
  return projectOwners(context).some((owner) => labels.includes(owner)) ? "low" : "medium";
}

/** The organisations the repository's packages belong to: npm scopes and GitHub owners of their `repository`. */
function projectOwners(context: RuleContext): string[] {
  const owners = new Set<string>();
  for (const manifest of packageManifests(context.auxiliaryFiles)) {
    const scope = /^@([^/]+)\//.exec(manifest.name ?? "")?.[1];
    if (scope) owners.add(scope.toLowerCase());
    const repository = manifest.json.repository;
    const url = typeof repository === "string" ? repository : typeof repository === "object" && repository && "url" in repository ? String(repository.url) : "";
    const owner = /github\.com[/:]([^/]+)\//i.exec(url)?.[1] ?? /^(?:github:)?([\w-]+)\/[\w.-]+$/.exec(url)?.[1];
    if (owner) owners.add(owner.toLowerCase());
  }
  // Short names ("io", "ai") would match any host.
  return [...owners].filter((o) => o.length >= 3);
}

function checkInstruction(context: RuleContext, parsed: ParsedDockerfile, instruction: Instruction): void {
  const keyword = instruction.getKeyword();
  const start = instruction.getRange().start.line;
  if (keyword === "RUN") {
    // Line continuations become spaces of the same length, so offsets still map to lines.
    const text = parsed.textOf(instruction);
    const flat = text.replace(/\\(\r?\n)/g, (m) => " ".repeat(m.length));
    const remote = remoteExecution(flat);
    if (remote && (remote.kind === "pipe-to-shell" || remote.kind === "eval-fetch")) {
      const line = start + 1 + (text.slice(0, remote.index).match(/\n/g)?.length ?? 0);
      context.report({ location: { path: parsed.file.path, line }, messageId: "pipeToShell", data: { excerpt: remote.excerpt }, severity: pipeSeverity(remote.url, context) });
    }
  } else if (keyword === "ADD") {
    const args = instruction.getArguments().map((a) => a.getValue());
    const hasChecksum = /\s--checksum=/.test(parsed.textOf(instruction));
    const sources = args.filter((a) => !a.startsWith("--")).slice(0, -1);
    const remote = sources.find((s) => /^(https?|git):\/\/|^git@/i.test(s));
    if (remote && !hasChecksum) context.report({ location: { path: parsed.file.path, line: start + 1 }, messageId: "remoteAdd", data: { source: withoutCredentials(remote) } });
  } else if (keyword === "ENV" || keyword === "ARG") {
    const properties: Property[] = keyword === "ENV" ? (instruction as Env).getProperties() : [(instruction as Arg).getProperty()].filter((p): p is Property => p !== null);
    for (const property of properties) {
      const value = property.getValue();
      const kind = secretNameKind(property.getName());
      if (!kind || value === null || !isLiteralSecret(value)) continue;
      const at = property.getValueRange()?.start ?? property.getRange().start;
      context.report({ location: { path: parsed.file.path, line: at.line + 1, column: at.character + 1 }, redact: true, messageId: "secretInImage", data: { instruction: keyword, name: property.getName(), kind: kind === "credential" ? "credential" : kind.replace("-", " ") }, severity: "high" });
    }
  }
}

function checkHealthcheck(context: RuleContext, parsed: ParsedDockerfile, final: DockerStage): void {
  const chain = stageChain(final).flatMap((s) => s.instructions);
  const expose = chain.find((i) => i.getKeyword() === "EXPOSE");
  if (!expose || chain.some((i) => i.getKeyword() === "HEALTHCHECK")) return;
  const port = (expose.getArguments()[0]?.getValue() ?? "").replace(/\/.*$/, "");
  context.report({ location: { path: parsed.file.path, line: expose.getRange().start.line + 1 }, messageId: "noHealthcheck", data: { file: parsed.file.path, port: port || "80" }, severity: "low" });
}

/** `npm install` (with no package names) or a lockfile-ignoring yarn/pnpm/bun install in a stage that makes up the final image. */
function checkInstall(context: RuleContext, parsed: ParsedDockerfile, final: DockerStage): void {
  for (const stage of stageChain(final)) {
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== "RUN") continue;
      const text = parsed.textOf(instruction).replace(/\\\r?\n/g, " ");
      for (const part of text.split(/&&|\|\||;|\n/)) {
        const command = mutableInstall(part.trim().replace(/^RUN\s+(--\S+\s+)*/i, ""));
        if (!command) continue;
        context.report({ location: { path: parsed.file.path, line: instruction.getRange().start.line + 1 }, messageId: "mutableInstall", data: { command }, severity: "low" });
        return;
      }
    }
  }
}

function mutableInstall(command: string): string | undefined {
  const words = command.split(/\s+/).filter(Boolean);
  const [tool, sub, ...rest] = words;
  const flags = rest.filter((w) => w.startsWith("-"));
  const names = rest.filter((w) => !w.startsWith("-"));
  if (tool === "npm" && (sub === "install" || sub === "i") && !names.length && !flags.some((f) => f === "-g" || f === "--global")) return `${tool} ${sub}${flags.length ? ` ${flags.join(" ")}` : ""}`;
  if ((tool === "pnpm" || tool === "bun") && (sub === "install" || sub === "i") && !names.length && !flags.includes("--frozen-lockfile")) return `${tool} ${sub}`;
  if (tool === "yarn" && (sub === undefined || sub === "install") && !flags.some((f) => f === "--frozen-lockfile" || f === "--immutable")) return sub ? "yarn install" : "yarn";
  return undefined;
}

/** The stage and the earlier stages it builds on, final first. */
function stageChain(stage: DockerStage): DockerStage[] {
  const chain: DockerStage[] = [];
  for (let s: DockerStage | undefined = stage; s && !chain.includes(s); s = s.base) chain.push(s);
  return chain;
}

function isLiteralSecret(value: string): boolean {
  if (!value.trim() || /\$\{?[A-Za-z_]/.test(value)) return false;
  // GOOGLE_APPLICATION_CREDENTIALS=/app/credentials.json: where a key file is mounted, not the key.
  if (/^(\/|~\/|\.\.?\/)[\w.@/-]*$/.test(value) && /\.(json|pem|key|crt|p12|pfx|ya?ml|env|txt)$|\/run\/secrets\//i.test(value)) return false;
  return !isPlaceholderSecret(value);
}

function withoutCredentials(url: string): string {
  return url.replace(/(\/\/)[^@/\s]+@/, "$1");
}
