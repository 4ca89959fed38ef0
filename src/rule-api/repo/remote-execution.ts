/** How a shell command fetches or runs code from the network. */
export interface RemoteExecution {
  kind: "pipe-to-shell" | "download" | "eval-fetch" | "remote-package";
  /** The part of the command that does it, shortened for a message, without credentials or query strings. */
  excerpt: string;
  /** Offset in the command where it starts. */
  index: number;
  /** The URL a pipe to a shell downloads, when the command names one. */
  url?: URL;
}

const PIPE_TO_SHELL = /\b(curl|wget|iwr|Invoke-WebRequest)\b[^|;&\n]*\|\s*(sudo\s+(-\S+\s+)*)?(env\s+\S+\s+)?((ba|z|da|k|fi)?sh|node|python3?|perl|ruby|iex|Invoke-Expression|pwsh|powershell)\b/i;
const SUBSHELL_FETCH = /\b(sh|bash|zsh|node|python3?)\b[^\n;&|]*(\$\(|<\(|`)\s*(curl|wget)\b/i;
const DOWNLOAD = /\b(curl|wget|Invoke-WebRequest|iwr)\b[^;&|\n]*\b(https?|ftp):\/\//i;
const EVAL_FETCH = /\b(node|bun|deno)\s+(-e|--eval|-p|--print)\b[^\n]*\b(fetch\s*\(|https?\.get\s*\(|require\(\s*["'`]https?["'`]\s*\)|import\(\s*["'`]https?:)/i;
/** `npx pkg`, `npm exec pkg`, `pnpm dlx pkg`, `yarn dlx pkg`, `bunx pkg`, `pnpx pkg`. */
const RUNNER = /\b(npx|pnpx|bunx|npm\s+exec|pnpm\s+dlx|yarn\s+dlx)((?:\s+-{1,2}[\w-]+(?:=\S+)?)*)\s+(?:--\s+)?([^\s-][^\s;&|]*)/g;
/** Binaries whose package has another name. */
const BIN_PACKAGES: Readonly<Record<string, string>> = { tsc: "typescript", tsserver: "typescript", "ts-node": "ts-node", jest: "jest", biome: "@biomejs/biome", "lint-staged": "lint-staged", "only-allow": "only-allow", "playwright": "@playwright/test", "changeset": "@changesets/cli" };

/**
 * Whether a shell command downloads or runs code from the network: `curl … | sh`, `bash <(curl …)`, `wget https://…`,
 * `node -e "fetch(…)"`, or `npx some-package` for a package the manifest does not install.
 */
export function remoteExecution(text: string, installed: ReadonlySet<string> = new Set()): RemoteExecution | undefined {
  const command = withoutPrintedText(text);
  const pipe = PIPE_TO_SHELL.exec(command);
  if (pipe) return { kind: "pipe-to-shell", excerpt: `${pipe[1]} ${urlIn(pipe[0])} | ${pipe[5]}`, index: pipe.index, ...optionalUrl(pipe[0]) };
  const subshell = SUBSHELL_FETCH.exec(command);
  if (subshell) return { kind: "pipe-to-shell", excerpt: `${subshell[1]} ${subshell[2]}${subshell[3]} ${urlIn(command.slice(subshell.index))}`, index: subshell.index, ...optionalUrl(command.slice(subshell.index)) };
  const evalFetch = EVAL_FETCH.exec(command);
  if (evalFetch) return { kind: "eval-fetch", excerpt: `${evalFetch[1]} ${evalFetch[2]} "…${evalFetch[3]}…"`, index: evalFetch.index };
  const download = DOWNLOAD.exec(command);
  if (download) return { kind: "download", excerpt: `${download[1]} ${urlIn(download[0])}`, index: download.index };
  for (const m of command.matchAll(RUNNER)) {
    const target = m[3] as string;
    const at = target.indexOf("@", 1);
    const name = at > 0 ? target.slice(0, at) : target;
    const pinnedVersion = at > 0;
    const local = installed.has(name) || installed.has(BIN_PACKAGES[name] ?? "") || [...installed].some((dep) => dep.endsWith(`/${name}`));
    if (!local || pinnedVersion) return { kind: "remote-package", excerpt: shorten(m[0]), index: m.index };
  }
  return undefined;
}

/** Text a command only prints (`echo "…"`, `console.log('…')`) blanked out, offsets kept: a hint to run `npx x` runs nothing. */
function withoutPrintedText(command: string): string {
  const blank = (m: string, head: string) => head + " ".repeat(m.length - head.length);
  return command
    .replace(/(\bconsole\.(?:log|info|warn|error)\()(["'`])[^"'`]*\2/g, (m, head: string) => blank(m, head))
    .replace(/(\b(?:echo|printf)\s+)(["'])[^"']*\2/g, (m, head: string) => blank(m, head));
}

/** The first URL in a command, without credentials or query (they may hold tokens), or "…". */
function urlIn(text: string): string {
  const url = firstUrl(text);
  return url ? shorten(`${url.protocol}//${url.host}${url.pathname}`) : "…";
}

function optionalUrl(text: string): { url?: URL } {
  const url = firstUrl(text);
  return url ? { url } : {};
}

function firstUrl(text: string): URL | undefined {
  const m = /\b(?:https?|ftp):\/\/[^\s"'`)|;&]+/i.exec(text);
  if (!m) return undefined;
  try {
    return new URL(m[0]);
  } catch {
    return undefined;
  }
}

function shorten(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 80 ? `${t.slice(0, 77)}…` : t;
}
