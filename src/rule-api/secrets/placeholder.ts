/** Words and marks that show a value is a stand-in for a secret, not a secret. */
const PLACEHOLDER_WORDS =
  /your|example|sample|dummy|fake|placeholder|change[-_ ]?me|replace|insert|enter[-_ ]?(?:a|the|key|token)|redacted|todo|tbd|fixme|lorem|foo[-_]?bar|xxxx|here\b|\btest|testing|demo|mock|not[-_ ]?a[-_ ]?real|invalid|something|whatever|secret[-_ ]?key[-_ ]?here|goes[-_ ]?here|documentation|masked/i;
const LEET: Record<string, string> = { a: "[a4@]", e: "[e3]", i: "[i1!]", l: "[l1]", o: "[o0]", s: "[s5$]", t: "[t7]" };
/** Long stand-in words spelt with digits for letters ("PLACEH0LDER", "ex4mple"): too long to turn up in a random key. */
const LEET_PLACEHOLDER_WORDS = new RegExp(["placeholder", "example", "sample", "redacted", "changeme"].map(leet).join("|"), "i");
/** Credential words spelt with digits or symbols ("s3cr3t", "p@ssw0rd", "admin_p4ss"): the stock fake of tutorials and evals. */
const LEET_CREDENTIAL_WORDS = new RegExp(`${["password", "secret"].map(leet).join("|")}|(?<![a-z0-9])${leet("pass")}(?![a-z0-9])`, "gi");
/** Words a hand-made key spells itself from ("sk_live_abc123secretkey"), the first five naming a credential. */
const CREDENTIAL_WORDS = /password|secret|token|pass|key|api|access|auth|private|live|prod|test|my|super/g;
const PLACEHOLDER_MARKS = /\.\.\.|…|\*\*\*|<[^>]*>|\$\{|\{\{|%[sd]\b|\[[A-Z_ ]+\]/;
const SEQUENCES = ["0123456789", "123456789", "12345", "abcdefgh", "qwerty", "asdfgh", "abcdefghijklmnop", "ABCDEFGHIJ"];
/** Values people commit as local defaults: worthless to an attacker and dismissed by maintainers. */
const DEV_DEFAULTS = new Set(["password", "passw0rd", "password1", "password123", "admin", "root", "postgres", "mysql", "secret", "changeit", "guest", "default", "none", "null", "undefined", "true", "false", "development", "dev", "local", "localhost"]);

/**
 * Is this value obviously a stand-in (`your-api-key`, `sk-...`, `<token>`, `xxxx`, `aaaaaaa`) rather than a real secret?
 * Fewer than `minDistinct` distinct characters marks filler; a short word is judged with its length ("ETH" is a ticker).
 */
export function isPlaceholderSecret(value: string, minDistinct = 4): boolean {
  const v = value.trim();
  if (!v) return true;
  if (DEV_DEFAULTS.has(v.toLowerCase())) return true;
  if (PLACEHOLDER_WORDS.test(v) || LEET_PLACEHOLDER_WORDS.test(v) || PLACEHOLDER_MARKS.test(v)) return true;
  if ([...v.matchAll(LEET_CREDENTIAL_WORDS)].some((m) => /[^a-z]/i.test(m[0])) || spelledOut(v)) return true;
  if (SEQUENCES.some((s) => v.toLowerCase().includes(s.toLowerCase()))) return true;
  // "aaaaaaaa", "0000-0000", "abababab": too few distinct characters for a generated secret.
  const distinct = new Set(v.replace(/[-_.]/g, "")).size;
  if (distinct < minDistinct || (v.length >= 20 && distinct < 8)) return true;
  // A run of one character (sk-00000000000000000000000000) marks a hand-made filler.
  if (/(.)\1{5,}/.test(v)) return true;
  return sequentialShare(v) >= 0.3 || countingHex(v.replace(/^0x/i, "")) || interleavedCounting(v);
}

/** Test-vector filler: "0011223344…", "fedcba98…" (each digit repeats or counts one way) or "000102030405…" (bytes in steps). */
function countingHex(value: string): boolean {
  if (!/^(?:[0-9a-f]{2}){8,}$/i.test(value)) return false;
  const digits = [...value.toLowerCase()].map((c) => parseInt(c, 16));
  const digitSteps = new Set(digits.slice(1).map((d, i) => (d - (digits[i] as number) + 16) % 16));
  digitSteps.delete(0);
  if (digitSteps.size === 1 && (digitSteps.has(1) || digitSteps.has(15))) return true;
  const bytes = (value.match(/../g) ?? []).map((b) => parseInt(b, 16));
  const step = ((bytes[1] as number) - (bytes[0] as number) + 256) % 256;
  return bytes.every((b, i) => i === 0 || (b - (bytes[i - 1] as number) + 256) % 256 === step);
}

/** Filler typed as interleaved counts: "1a2b3c4d5e6f7a8b…", "9a8b7c6d5e4f…" (every k-th character counts one way). */
function interleavedCounting(value: string): boolean {
  const v = value.toLowerCase();
  if (!/^[0-9a-z]{16,}$/.test(v)) return false;
  for (let k = 2; k <= 4 && v.length / k >= 6; k++) {
    const streams = Array.from({ length: k }, (_, i) => [...v].filter((_, j) => j % k === i));
    if (streams.every(counts)) return true;
  }
  return false;
}

/**
 * One stream of such filler: the same character throughout, or steps of one in one direction, all as hex digits
 * ("e, f, 0, 1") or all with digits and letters counted apart, each wrapping around its own range ("8, 9, 0", "e, f, a").
 */
function counts(chars: string[]): boolean {
  if (new Set(chars).size === 1) return true;
  const codes = chars.map((c) => c.charCodeAt(0));
  const isDigit = (code: number) => code >= 48 && code <= 57;
  const range = (digit: boolean) => {
    const own = codes.filter((c) => isDigit(c) === digit);
    return { min: Math.min(...own), max: Math.max(...own) };
  };
  const digits = range(true);
  const letters = range(false);
  const hexSteps = (dir: number) => chars.every((c) => /[0-9a-f]/.test(c)) && chars.slice(1).every((c, i) => (parseInt(c, 16) - parseInt(chars[i] as string, 16) + 16) % 16 === (dir + 16) % 16);
  const apartSteps = (dir: number) =>
    codes.slice(1).every((c, i) => {
      const prev = codes[i] as number;
      if (isDigit(c) !== isDigit(prev)) return false;
      const { min, max } = isDigit(c) ? digits : letters;
      return c - prev === dir || (dir === 1 ? prev === max && c === min : prev === min && c === max);
    });
  return [1, -1].some((dir) => hexSteps(dir) || apartSteps(dir));
}

/** Share of characters in ascending runs of three or more ("abc123def456", "AbCdEfGh"): typed by hand, not generated. */
function sequentialShare(value: string): number {
  const v = value.toLowerCase();
  let covered = 0;
  let run = 1;
  for (let i = 1; i <= v.length; i++) {
    if (i < v.length && v.charCodeAt(i) === v.charCodeAt(i - 1) + 1) run++;
    else {
      if (run >= 3) covered += run;
      run = 1;
    }
  }
  return v.length ? covered / v.length : 0;
}

function leet(word: string): string {
  return [...word].map((c) => LEET[c] ?? c).join("");
}

/** A key prefix, then nothing but credential words and counted runs ("sk_live_abc123secretkey", "ghp_mysecrettoken123"). */
function spelledOut(value: string): boolean {
  const body = value.toLowerCase().replace(/^[a-z]{1,4}[-_]/, "");
  if (!/password|secret|token|pass|key/.test(body)) return false;
  const rest = body.replace(CREDENTIAL_WORDS, "").replace(/[-_.]/g, "");
  return rest === "" || sequentialShare(rest) === 1;
}
