/** One piece of evidence that a model-facing text carries instructions meant for the model, not the user. */
export interface PoisonSignal {
  family: "invisible" | "hidden-tag" | "hidden-comment" | "padding" | "override" | "secrecy" | "sensitive-file" | "sensitive-data" | "read-order" | "exfiltration" | "other-tool" | "encoded";
  /** strong: rarely in honest descriptions; weak: common alone, telling only in company. */
  strength: "strong" | "weak";
  index: number;
  length: number;
  /** For encoded blobs: what they decode to, and whether that text is itself an instruction to the model. */
  decoded?: string;
  decodedInstructions?: boolean;
}

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;
const STRONG_TAGS = /<\s*\/?\s*(secret|hidden|system|sys|override|admin|hidden[_-]?instructions?|assistant[_-]?instructions?|secret[_-]?instructions?)\s*>/gi;
const WEAK_TAGS = /<\s*\/?\s*(important|instructions?|critical|priority|note[_-]?to[_-]?(?:ai|assistant|model|llm)|ai[_-]?instructions?)\s*>/gi;
const COMMENT = /<!--([\s\S]*?)-->/g;
const PADDING = /[ \t]{80,}|(?:\r?\n[ \t]*){15,}/g;

const OVERRIDE_STRONG: RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier|other|system|existing|original)\s+(?:instructions?|prompts?|rules|directions|guidelines|tools?|messages)/gi,
  /\bbefore\s+(?:using|calling|invoking|running|executing)\s+any\s+(?:other\s+)?(?:tools?|functions?|actions?)\b/gi,
  /\b(?:always|must)\s+(?:be\s+)?(?:call(?:ed)?|use[ds]?|invoke[ds]?|run)\s+(?:this\s+tool\s+)?before\s+(?:any|all|every)\s+(?:other\s+)?(?:tools?|functions?|actions?|requests?)/gi,
  /\bthis\s+tool\s+(?:takes|has)\s+(?:priority|precedence)\b/gi,
  /\b(?:supersedes|overrides|replaces)\s+(?:all|any|every)\s+other\s+(?:tools?|servers?|functions?)/gi,
  /\b(?:do\s+not|don't|never)\s+(?:use|call|invoke)\s+(?:any\s+)?(?:other|another)\s+(?:\w+\s+)?(?:tools?|servers?|mcp\s+servers?)\b/gi,
  /\b(?:new|updated|real|actual)\s+instructions?\s*:/gi,
  /\byou\s+are\s+now\s+(?:a|an|in)\b/gi,
  // Rewriting how every later call behaves: "all commands must include the prefix …".
  /\b(?:all|every|each|any)\s+(?:other\s+)?(?:commands?|requests?|queries|calls|messages|e-?mails|transactions|transfers|payments)\s+(?:must|should|shall)\s+(?:always\s+)?be\s+(?:prefixed|sent|routed|forwarded|cc'?d|bcc'?d|signed|approved)/gi,
  // "…must include" names a required field in a batch tool's docs; a hijack adds an address, a URL or a fixed prefix.
  /\b(?:all|every|each|any)\s+(?:other\s+)?(?:commands?|requests?|queries|calls|messages|e-?mails|transactions|transfers|payments)\s+(?:must|should|shall)\s+(?:always\s+)?(?:include|contain|start\s+with)\b[^.\n]{0,60}?(?:[\w.+-]+@[\w-]+\.[\w.]+|https?:\/\/|\bprefix\b|\bb?cc\b)/gi,
];
const OVERRIDE_WEAK: RegExp[] = [/\b(?:always|only)\s+(?:use|call)\s+this\s+tool\b/gi, /\b(?:always|must)\s+(?:call|use|run|invoke)\s+this\s+tool\s+first\b/gi, /\b(?:when|whenever|if)\s+this\s+tool\s+is\s+available\b/gi];
const SECRECY: RegExp[] = [
  /\b(?:do\s+not|don't|never|must\s+not|should\s+not)\s+(?:tell|inform|mention|reveal|disclose|notify|alert|show|let\s+(?:the\s+)?user\s+know)\b(?:\s+(?:this|it|that|anything|about\s+this))?(?:\s+(?:to|with))?\s+(?:the\s+)?user/gi,
  /\b(?:do\s+not|don't|never)\s+(?:mention|reveal|disclose)\s+(?:this|that|these|it)\b/gi,
  /\bwithout\s+(?:telling|informing|notifying|alerting|asking|showing|letting)\s+(?:the\s+)?user/gi,
  /\b(?:keep|is)\s+(?:this\s+|it\s+)?(?:secret|hidden|confidential)\s+from\s+(?:the\s+)?user/gi,
  /\b(?:the\s+)?user\s+(?:must|should|need)\s+not\s+(?:know|see|be\s+told|notice|find\s+out)/gi,
  /\b(?:mere|just\s+an?)\s+implementation\s+detail\b/gi,
  /\bno\s+need\s+to\s+(?:mention|tell|inform|notify|show)\b[^.\n]{0,30}\buser/gi,
];
const SENSITIVE_FILE = /~\/\.ssh\b|\.ssh\/|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|\bauthorized_keys\b|~\/\.aws\b|\.aws\/credentials|\.config\/gcloud|\.kube\/config|\.docker\/config\.json|(?:^|[\s"'`(/~])\.npmrc\b|(?:^|[\s"'`(/~])\.netrc\b|\.git-credentials|\.pgpass|(?:^|[\s"'`(/~])\.env\b(?!\.(?:example|sample|template))|\bmcp\.json\b|claude_desktop_config\.json|\.cursor\/|\/etc\/(?:passwd|shadow)\b|\bwallet\.dat\b|\.ethereum\/keystore|\/keystore\/|\bLogin Data\b|\.(?:bash|zsh)_history\b|\bCookies\.(?:sqlite|binarycookies)\b/gi;
const SENSITIVE_DATA = /\b(?:private\s+keys?|secret\s+keys?|seed\s+phrases?|mnemonics?|recovery\s+phrases?|api\s+keys?|access\s+tokens?|passwords?|credentials?|session\s+cookies?|ssh\s+keys?)\b/gi;
const READ_VERB = /(?<![-\w])(?:read|cat|open|load|include|pass|send|attach|upload|provide|copy|extract|collect|append|embed|fetch|retrieve|dump|paste)\b/gi;
const DATA_WORDS = "(?:conversations?|chats?|messages?|e-?mails?|mails?|history|context|contents?|files?|credentials?|keys?|tokens?|secrets?|data|results?|outputs?|responses?|documents?|prompts?|passwords?|cookies?|traffic|requests?)";
const DESTINATION = "(?:https?:\\/\\/\\S+|[\\w.+-]+@[\\w-]+\\.[\\w.]+)";
/** A fixed destination written into the text: a URL, an e-mail address, a phone number, a wallet address. */
const LITERAL_DESTINATION = `(?:${DESTINATION}|\\+?\\d[\\d\\s-]{6,}\\d|0x[0-9a-fA-F]{6,}|[1-9A-HJ-NP-Za-km-z]{32,44}\\b)`;
const EXFILTRATION: { re: RegExp; strength: "strong" | "weak" }[] = [
  { re: new RegExp(`\\b(?:send|forward|post|upload|exfiltrate|transmit|e-?mail|copy|sync|report|bcc|cc|leak)\\b[^.\\n]{0,60}?\\b(?:all|every|any|the|its|their|this|these|each|them|it)\\b[^.\\n]{0,30}?\\b${DATA_WORDS}\\b[^.\\n]{0,40}?\\b(?:to|into)\\s+(?:the\\s+)?(?:address\\s+|url\\s+|endpoint\\s+)?${DESTINATION}`, "gi"), strength: "strong" },
  { re: new RegExp(`\\b(?:must|should|always)\\s+(?:send|forward|route|redirect|bcc|cc|copy)\\s+(?:all|every|each|any)\\s+${DATA_WORDS}`, "gi"), strength: "strong" },
  { re: new RegExp(`\\b(?:change|replace|set|override|switch)\\s+the\\s+(?:recipient|destination|receiver|address|to\\s+(?:field|address)|target\\s+(?:url|address|account)|wallet\\s+address|payee|beneficiary)(?:\\s+(?:address|account|number))?\\s+(?:to|with)\\s+${LITERAL_DESTINATION}`, "gi"), strength: "strong" },
  { re: new RegExp(`\\b(?:transfer|send|move|withdraw|drain)\\s+(?:all|everything|the\\s+(?:entire|full|whole)\\s+balance|all\\s+(?:funds|tokens|assets))\\s+to\\s+${LITERAL_DESTINATION}`, "gi"), strength: "strong" },
  { re: /\b(?:as|in|into|inside)\s+(?:the\s+)?[`'"]?[\w-]+[`'"]?\s+(?:parameter|argument|field|param)\b/gi, strength: "weak" },
];
const OTHER_TOOL = /\b(?:[Cc]all|[Uu]se|[Ii]nvoke|[Rr]un|[Tt]rigger)\s+(?:the\s+)?[`'"]?([a-z][\w-]*[_-][\w-]*|[a-z]+[A-Z]\w*)[`'"]?\s+(?:tool|function)\b|\b[Ii]nstead\s+of\s+(?:using\s+|calling\s+)?(?:the\s+)?[`'"]?([a-z][\w-]*[_-][\w-]*)[`'"]?/g;
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;
const HEX_RUN = /\b(?:[0-9a-fA-F]{2}){24,}\b/g;

/** Evidence of hidden or manipulative instructions in a model-facing text. `ownTools` are this server's own tool names. */
export function poisoningSignals(text: string, ownTools: ReadonlySet<string>, nested = false): PoisonSignal[] {
  const out: PoisonSignal[] = [];
  const push = (family: PoisonSignal["family"], strength: PoisonSignal["strength"], index: number, length: number) => out.push({ family, strength, index, length });
  for (const m of text.matchAll(INVISIBLE)) {
    const i = m.index ?? 0;
    if (!legitimateInvisible(text, i, m[0])) push("invisible", "strong", i, m[0].length);
  }
  for (const m of text.matchAll(STRONG_TAGS)) push("hidden-tag", "strong", m.index ?? 0, m[0].length);
  for (const m of text.matchAll(WEAK_TAGS)) push("hidden-tag", "weak", m.index ?? 0, m[0].length);
  for (const m of text.matchAll(COMMENT)) if ((m[1] ?? "").trim().split(/\s+/).length >= 3) push("hidden-comment", "strong", m.index ?? 0, m[0].length);
  for (const m of text.matchAll(PADDING)) push("padding", "weak", m.index ?? 0, m[0].length);
  for (const re of OVERRIDE_STRONG) for (const m of text.matchAll(re)) push("override", "strong", m.index ?? 0, m[0].length);
  for (const re of OVERRIDE_WEAK) for (const m of text.matchAll(re)) push("override", "weak", m.index ?? 0, m[0].length);
  for (const re of SECRECY) for (const m of text.matchAll(re)) push("secrecy", "strong", m.index ?? 0, m[0].length);
  for (const m of text.matchAll(SENSITIVE_FILE)) {
    const i = (m.index ?? 0) + (m[0].length - m[0].trimStart().length);
    if (/process\.env$/.test(text.slice(Math.max(0, i - 8), i + 4))) continue;
    push("sensitive-file", "strong", i, m[0].trim().length);
    if (readOrderBefore(text, i)) push("read-order", "strong", readOrderBefore(text, i) as number, i - (readOrderBefore(text, i) as number) + m[0].trim().length);
  }
  for (const m of text.matchAll(SENSITIVE_DATA)) push("sensitive-data", "weak", m.index ?? 0, m[0].length);
  for (const { re, strength } of EXFILTRATION) for (const m of text.matchAll(re)) push("exfiltration", strength, m.index ?? 0, m[0].length);
  for (const m of text.matchAll(OTHER_TOOL)) {
    const name = m[1] ?? m[2] ?? "";
    if (name && !ownTools.has(name) && !ownTools.has(name.replace(/-/g, "_"))) push("other-tool", "weak", m.index ?? 0, m[0].length);
  }
  if (!nested) {
    const encoded = [...[...text.matchAll(BASE64_RUN)].map((m) => ({ m, bytes: Buffer.from(m[0], "base64") })), ...[...text.matchAll(HEX_RUN)].map((m) => ({ m, bytes: Buffer.from(m[0], "hex") }))];
    for (const { m, bytes } of encoded) {
      const decoded = decodeText(bytes);
      if (!decoded) {
        // A long opaque blob (not an image data URI) has no business in a description either.
        const at = m.index ?? 0;
        if (m[0].length >= 160 && !/base64,\s*$/.test(text.slice(Math.max(0, at - 12), at))) out.push({ family: "encoded", strength: "weak", index: at, length: m[0].length });
        continue;
      }
      const inner = poisoningSignals(decoded, ownTools, true);
      const instructions = inner.some((x) => x.strength === "strong" && x.family !== "sensitive-file");
      out.push({ family: "encoded", strength: "strong", index: m.index ?? 0, length: m[0].length, decoded, ...(instructions ? { decodedInstructions: true } : {}) });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** An imperative verb shortly before a sensitive file, in the same sentence: "read ~/.ssh/id_rsa", "pass the contents of .env". */
function readOrderBefore(text: string, at: number): number | undefined {
  const from = Math.max(0, at - 80);
  const window = text.slice(from, at);
  const sentenceStart = Math.max(window.lastIndexOf(". "), window.lastIndexOf("\n\n"));
  const clause = window.slice(sentenceStart + 1);
  const verbs = [...clause.matchAll(READ_VERB)];
  const first = verbs[0];
  if (!first) return undefined;
  // "Cannot read .env files" and "never reads ~/.ssh" describe a limit, not an order.
  if (/\b(?:cannot|can't|never|not|no|blocked?|refuses?|denied|excluded?|won't|will\s+not)\b/i.test(clause)) return undefined;
  // An order moves the file's content into the conversation or a parameter ("…and pass its content as 'note'").
  const rest = text.slice(at, at + 160);
  const sentenceEnd = rest.search(/\.\s|\n\n/);
  const sentence = clause + (sentenceEnd < 0 ? rest : rest.slice(0, sentenceEnd));
  if (!/\b(?:pass|include|send|attach|provide|paste|upload|append|embed|copy|contents?\s+of|its\s+contents?|their\s+contents?)\b/i.test(sentence)) return undefined;
  return from + sentenceStart + 1 + (first.index ?? 0);
}

/** Zero-width joiners inside emoji, bidi marks in right-to-left text, tag characters of subdivision flags. */
function legitimateInvisible(text: string, i: number, ch: string): boolean {
  const prev = text.codePointAt(Math.max(0, i - 2)) ?? 0;
  const before = text.slice(Math.max(0, i - 2), i);
  if (ch === "\u200D" && (/\p{Extended_Pictographic}|\uFE0F/u.test(before) || /\p{Extended_Pictographic}/u.test(text.slice(i + 1, i + 3)))) return true;
  if ((ch === "\u200E" || ch === "\u200F") && /[\u0590-\u08FF]/.test(text)) return true;
  if (ch === "\uFEFF" && i === 0) return true;
  // 🏴 + tag letters + cancel tag: the England, Scotland and Wales flags.
  if (ch.startsWith("\uDB40")) return /\u{1F3F4}(?:[\u{E0020}-\u{E007E}])*$/u.test(text.slice(0, i)) || prev === 0x1f3f4;
  return false;
}

/** Bytes that read as a sentence (mostly printable ASCII with spaces): an encoded instruction, not a hash or a key. */
function decodeText(bytes: Buffer): string | undefined {
  if (bytes.length < 16) return undefined;
  const s = bytes.toString("latin1");
  const printable = [...s].filter((c) => /[\x20-\x7E\n\r\t]/.test(c)).length;
  if (printable / s.length < 0.95) return undefined;
  const words = s.split(/\s+/).filter((w) => /^[A-Za-z'.,:;!?()-]{2,}$/.test(w));
  return words.length >= 3 ? s : undefined;
}
