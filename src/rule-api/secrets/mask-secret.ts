/**
 * How a secret may appear in a message: its public prefix (`sk-proj-`, `ghp_`), an ellipsis and at most its
 * last four characters, never the secret itself.
 */
export function maskSecret(value: string, prefix = ""): string {
  const body = value.startsWith(prefix) ? value.slice(prefix.length) : value;
  if (body.length < 12) return `${prefix ? `${prefix}…, ` : ""}${value.length} characters`;
  const tail = body.length >= 20 ? body.slice(-4) : body.slice(-2);
  return `${prefix}…${tail}`;
}
