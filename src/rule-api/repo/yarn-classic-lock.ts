/** One entry of a classic (v1) yarn.lock. */
export interface YarnClassicEntry {
  /** The descriptors it resolves ("foo@^1.0.0", "@scope/bar@npm:baz@2"). */
  descriptors: string[];
  line: number;
  fields: Record<string, string>;
}

/** Reads a classic yarn.lock (not YAML: `"a@^1", a@^1.1:` headers, two-space fields, nested dependency blocks). */
export function parseYarnClassicLock(text: string): YarnClassicEntry[] {
  const entries: YarnClassicEntry[] = [];
  let current: YarnClassicEntry | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      const header = line.replace(/:\s*$/, "");
      current = { descriptors: splitDescriptors(header), line: i + 1, fields: {} };
      entries.push(current);
      continue;
    }
    // Only the entry's own fields (two spaces); deeper lines belong to dependencies blocks.
    const m = /^ {2}([^\s:]+):?\s+(.+)$/.exec(line);
    if (current && m) current.fields[m[1] as string] = unquote((m[2] as string).trim());
  }
  return entries;
}

function splitDescriptors(header: string): string[] {
  return header.split(/,\s*/).map((d) => unquote(d.trim())).filter(Boolean);
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
