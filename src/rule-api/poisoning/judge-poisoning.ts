import type { PoisonSignal } from "./poisoning-signals.js";

/** What a model-facing text is judged to carry, and how sure we are. */
export interface PoisoningVerdict {
  messageId: "invisibleCharacters" | "hiddenInstructions" | "hiddenMarkup" | "sensitiveFileRequest" | "exfiltration" | "priorityOverride" | "encodedInstructions" | "encodedBlob";
  severity: "high" | "medium";
  /** The signal the finding is about (its text is quoted). */
  primary: PoisonSignal;
  /** The other families seen, for the message ("with secrecy wording and a sensitive path"). */
  companions: PoisonSignal["family"][];
}

const COMPANION_NAMES: Record<PoisonSignal["family"], string> = {
  invisible: "invisible characters",
  "hidden-tag": "a hidden-instruction tag",
  "hidden-comment": "an HTML comment",
  padding: "whitespace padding that pushes text out of view",
  override: "priority-override wording",
  secrecy: "wording that keeps it from the user",
  "sensitive-file": "a sensitive path",
  "sensitive-data": "credential wording",
  "read-order": "an order to read a sensitive file",
  exfiltration: "an order to send data elsewhere",
  "other-tool": "a reference to another server's tool",
  encoded: "an encoded blob",
};

export function companionText(families: readonly PoisonSignal["family"][]): string {
  return families.map((f) => COMPANION_NAMES[f]).join(", ");
}

/**
 * Combines signals into one verdict: invisible characters or a hidden tag with company are high; an order to read
 * credentials, to send data elsewhere or to override other tools is medium alone and high with secrecy or hiding;
 * a lone "IMPORTANT:" or "<instructions>" is nothing.
 */
export function judgePoisoning(signals: readonly PoisonSignal[]): PoisoningVerdict | undefined {
  const first = (family: PoisonSignal["family"], strength?: "strong" | "weak") => signals.find((s) => s.family === family && (!strength || s.strength === strength));
  const has = (family: PoisonSignal["family"], strength?: "strong" | "weak") => !!first(family, strength);
  const families = [...new Set(signals.map((s) => s.family))];
  // The order to read a file names the file: "a sensitive path" would repeat it.
  const others = (f: PoisonSignal["family"]) => families.filter((x) => x !== f && x !== "sensitive-data" && !(x === "sensitive-file" && families.includes("read-order")));
  const hiding = has("hidden-tag", "strong") || has("hidden-comment") || has("padding") || has("invisible");
  const secrecy = has("secrecy");
  const manipulation = has("read-order") || has("exfiltration", "strong") || has("override", "strong") || secrecy;
  const sensitive = has("sensitive-file") || (has("sensitive-data") && (has("read-order") || has("exfiltration")));

  const invisible = first("invisible");
  if (invisible) return { messageId: "invisibleCharacters", severity: "high", primary: invisible, companions: others("invisible") };
  const encoded = first("encoded", "strong");
  if (encoded) return { messageId: "encodedInstructions", severity: encoded.decodedInstructions || manipulation || hiding ? "high" : "medium", primary: encoded, companions: others("encoded") };
  const tag = first("hidden-tag", "strong") ?? first("hidden-comment") ?? first("padding");
  const weakTag = first("hidden-tag", "weak");
  if (tag && (manipulation || sensitive || has("other-tool"))) {
    // Whitespace padding is not worth quoting: quote what it pushes out of view.
    const primary = tag.family === "padding" ? (first("read-order") ?? first("exfiltration") ?? first("override") ?? first("secrecy") ?? first("sensitive-file") ?? tag) : tag;
    return { messageId: "hiddenInstructions", severity: "high", primary, companions: others(primary.family) };
  }
  if (weakTag && (manipulation || has("sensitive-file"))) return { messageId: "hiddenInstructions", severity: "high", primary: weakTag, companions: others("hidden-tag") };
  const read = first("read-order");
  if (read) return { messageId: "sensitiveFileRequest", severity: secrecy || hiding || has("exfiltration") ? "high" : "medium", primary: read, companions: others("read-order").filter((f) => f !== "sensitive-file") };
  const exfil = first("exfiltration", "strong") ?? (secrecy || has("sensitive-file") ? first("exfiltration", "weak") : undefined);
  if (exfil) return { messageId: "exfiltration", severity: secrecy || sensitive || hiding ? "high" : "medium", primary: exfil, companions: others("exfiltration") };
  const override = first("override", "strong");
  if (override) return { messageId: "priorityOverride", severity: secrecy || hiding ? "high" : "medium", primary: override, companions: others("override") };
  const secret = first("secrecy");
  if (secret && (has("sensitive-file") || has("other-tool") || has("override"))) return { messageId: "priorityOverride", severity: "high", primary: secret, companions: others("secrecy") };
  const weakOverride = first("override", "weak");
  if (weakOverride && has("other-tool")) return { messageId: "priorityOverride", severity: "medium", primary: weakOverride, companions: others("override") };
  if (tag && tag.family !== "padding") return { messageId: "hiddenMarkup", severity: "medium", primary: tag, companions: others(tag.family) };
  const blob = first("encoded", "weak");
  if (blob) return { messageId: "encodedBlob", severity: "medium", primary: blob, companions: others("encoded") };
  return undefined;
}
