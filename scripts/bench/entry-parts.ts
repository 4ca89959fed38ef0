import type { Service } from "./entity-group.js";
import { rel, type PackageContext } from "./package-context.js";
import type { Imports } from "./source.js";
import type { Entity } from "./vocabulary.js";

/** The entity whose records are also offered as a resource template, and how to load one. */
export interface Featured {
  entity: Entity;
  service: Service;
}

/** The server's instructions: what it is for, in one plain sentence. */
export function instructions(ctx: PackageContext): string {
  const plurals = ctx.domain.entities.map((e) => e.plural);
  return `Tools for the ${ctx.domain.title}: look up and manage ${plurals.slice(0, -1).join(", ")} and ${plurals[plurals.length - 1]}.`;
}

/** Imports the service functions (or service object) that `names` call. */
export function serviceImport(ctx: PackageContext, imports: Imports, from: string, s: Service, ...names: string[]): void {
  imports.add(rel(ctx, `${from}${s.module}`), ...new Set(names.map((n) => n.split(".")[0] as string)));
}
