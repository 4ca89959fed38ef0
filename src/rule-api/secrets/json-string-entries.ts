/** A string value in a JSON (or JSONC) document, with the keys that lead to it. */
export interface JsonStringEntry {
  /** Keys and array indexes from the root to the value. */
  path: string[];
  value: string;
  /** 1-based position of the string's opening quote. */
  line: number;
  column: number;
  /** String values of the other members of the object holding this value (`{ "name": "API_KEY", "value": "…" }`). */
  siblings: ReadonlyMap<string, string>;
}

/**
 * Every string value of a JSON document, leniently: comments and trailing commas are allowed (VS Code's mcp.json is
 * JSONC). Undefined when the text is not JSON.
 */
export function jsonStringEntries(text: string): JsonStringEntry[] | undefined {
  const out: JsonStringEntry[] = [];
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`unexpected input at ${i}`);
  };
  const skip = () => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i] as string)) i++;
      if (text.startsWith("//", i)) {
        while (i < text.length && text[i] !== "\n") i++;
      } else if (text.startsWith("/*", i)) {
        const end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length : end + 2;
      } else return;
    }
  };
  const str = (): string => {
    if (text[i] !== '"') fail();
    i++;
    let s = "";
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") {
        const c = text[i + 1];
        if (c === "u") {
          s += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        s += c === "n" ? "\n" : c === "t" ? "\t" : c === "r" ? "\r" : c === "b" ? "\b" : c === "f" ? "\f" : (c ?? "");
        i += 2;
        continue;
      }
      s += text[i];
      i++;
    }
    if (text[i] !== '"') fail();
    i++;
    return s;
  };
  type Value = { kind: "string"; value: string; at: number } | { kind: "other" };
  const value = (path: string[]): Value => {
    skip();
    const c = text[i];
    if (c === "{") {
      i++;
      const members: { key: string; v: Value; path: string[] }[] = [];
      skip();
      while (text[i] !== "}") {
        skip();
        const key = str();
        skip();
        if (text[i] !== ":") fail();
        i++;
        const p = [...path, key];
        members.push({ key, v: value(p), path: p });
        skip();
        if (text[i] === ",") {
          i++;
          skip();
        } else if (text[i] !== "}") fail();
      }
      i++;
      const siblings = new Map(members.flatMap((m) => (m.v.kind === "string" ? [[m.key, m.v.value] as const] : [])));
      for (const m of members) if (m.v.kind === "string") out.push({ path: m.path, value: m.v.value, ...position(m.v.at), siblings });
      return { kind: "other" };
    }
    if (c === "[") {
      i++;
      let n = 0;
      skip();
      while (text[i] !== "]") {
        const p = [...path, String(n++)];
        const v = value(p);
        if (v.kind === "string") out.push({ path: p, value: v.value, ...position(v.at), siblings: new Map() });
        skip();
        if (text[i] === ",") {
          i++;
          skip();
        } else if (text[i] !== "]") fail();
      }
      i++;
      return { kind: "other" };
    }
    if (c === '"') {
      const at = i;
      return { kind: "string", value: str(), at };
    }
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 40));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
    return { kind: "other" };
  };
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === "\n") lineStarts.push(k + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
  };
  try {
    const root = value([]);
    if (root.kind === "string") out.push({ path: [], value: root.value, ...position(root.at), siblings: new Map() });
    skip();
    return i >= text.length ? out.sort((a, b) => a.line - b.line || a.column - b.column) : undefined;
  } catch {
    // Not JSON: the caller falls back to a line scan.
    return undefined;
  }
}
