export type Lang = "ts" | "js";

/**
 * Templates are written once for both languages: «…» marks TypeScript-only text (types, interfaces, generics),
 * kept without the marks for TypeScript and dropped for JavaScript.
 */
export function forLanguage(text: string, lang: Lang): string {
  if (lang === "ts") return text.replace(/[«»]/g, "");
  return text.replace(/^[ \t]*«[^»]*»[ \t]*\n/gm, "").replace(/«[^»]*»/g, "");
}

/** Indents every non-empty line of a block. */
export function indent(lines: readonly string[], depth: number): string[] {
  const pad = "  ".repeat(depth);
  return lines.map((l) => (l.length ? pad + l : l));
}

export function pascal(text: string): string {
  return text.replace(/(^|[-_ ])([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase()).replace(/[-_ ]/g, "");
}

export function camel(text: string): string {
  const p = pascal(text);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

/** A number as source text, with digit separators from 10,000 up. */
export function num(value: number): string {
  return Math.abs(value) < 10_000 ? String(value) : String(value).replace(/\B(?=(\d{3})+$)/g, "_");
}

/** A value as a JavaScript literal: bare keys, short objects and arrays on one line, long ones one property a line. */
export function literal(value: unknown, depth = 0): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const pad = "  ".repeat(depth + 1);
  if (Array.isArray(value)) {
    const items = value.map((v) => literal(v, depth + 1));
    const inline = `[${items.join(", ")}]`;
    return inline.length <= 100 && !inline.includes("\n") ? inline : `[\n${items.map((i) => `${pad}${i},`).join("\n")}\n${"  ".repeat(depth)}]`;
  }
  const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v, depth + 1)}`);
  if (entries.length === 0) return "{}";
  const inline = `{ ${entries.join(", ")} }`;
  return inline.length <= 100 && !inline.includes("\n") ? inline : `{\n${entries.map((e) => `${pad}${e},`).join("\n")}\n${"  ".repeat(depth)}}`;
}

/** Collects the imports of one module and prints them in a stable order (node builtins, packages, relative). */
export class Imports {
  private readonly named = new Map<string, Set<string>>();
  private readonly types = new Map<string, Set<string>>();
  private readonly defaults = new Map<string, string>();

  add(module: string, ...names: string[]): this {
    const set = this.named.get(module) ?? new Set<string>();
    names.forEach((n) => set.add(n));
    this.named.set(module, set);
    return this;
  }

  addType(module: string, ...names: string[]): this {
    const set = this.types.get(module) ?? new Set<string>();
    names.forEach((n) => set.add(n));
    this.types.set(module, set);
    return this;
  }

  addDefault(module: string, name: string): this {
    this.defaults.set(module, name);
    return this;
  }

  merge(other: Imports): this {
    other.named.forEach((names, m) => this.add(m, ...names));
    other.types.forEach((names, m) => this.addType(m, ...names));
    other.defaults.forEach((name, m) => this.addDefault(m, name));
    return this;
  }

  /** Every local name the imports bind. */
  names(): Set<string> {
    return new Set([...this.defaults.values(), ...[...this.named.values(), ...this.types.values()].flatMap((s) => [...s])]);
  }

  render(lang: Lang): string {
    const modules = [...new Set([...this.named.keys(), ...this.types.keys(), ...this.defaults.keys()])].sort(byModule);
    const lines: string[] = [];
    for (const m of modules) {
      const def = this.defaults.get(m);
      const named = [...(this.named.get(m) ?? [])].sort();
      const types = [...(this.types.get(m) ?? [])].filter((t) => !named.includes(t)).sort();
      if (def !== undefined || named.length) {
        const parts = [def, named.length ? `{ ${named.join(", ")} }` : undefined].filter((p) => p !== undefined);
        lines.push(`import ${parts.join(", ")} from "${m}";`);
      }
      if (types.length && lang === "ts") lines.push(`import type { ${types.join(", ")} } from "${m}";`);
    }
    return lines.join("\n");
  }
}

function byModule(a: string, b: string): number {
  return rank(a) - rank(b) || a.localeCompare(b);
}

function rank(module: string): number {
  if (module.startsWith("node:")) return 0;
  return module.startsWith(".") ? 2 : 1;
}
