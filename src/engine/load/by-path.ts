/** Orders by path in code-unit order, so output does not depend on the locale. */
export function byPath(a: { path?: string }, b: { path?: string }): number {
  const left = a.path ?? "";
  const right = b.path ?? "";
  return left < right ? -1 : left > right ? 1 : 0;
}
