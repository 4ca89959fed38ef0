import type { Attestation, ChecklistItemResult, ComplianceSummary, ItemOutcome, ScanReport } from "../rule-api/types.js";
import type { ChecklistItem } from "./catalogue.js";
import { scoreItems } from "./score.js";

export interface EvaluationOptions {
  attestations: Readonly<Record<string, Attestation>>;
  /** Attestations older than this many days count as missing (they need a review). */
  attestationMaxAgeDays: number;
  /** "Today", for attestation age (tests pass a fixed date). */
  now: Date;
  commit?: string;
}

const WALLET_MODULES = /^(ethers|viem|web3|@solana\/web3\.js|bitcoinjs-lib|ccxt|tronweb|@cosmjs\/|@coinbase\/|bip39|ethereumjs-wallet|@ethereumjs\/|@metamask\/|starknet|@taquito\/)/;

/**
 * Gives every checklist item an outcome from the scan: failing findings of its rules, a rule that crashed,
 * items that do not apply to this server, and the maintainer's attestations for what a repository cannot show.
 * An attestation never turns a failing automated check into a pass.
 */
export function evaluateChecklist(report: ScanReport, catalogue: readonly ChecklistItem[], options: EvaluationOptions, walletModules: readonly string[] = []): ComplianceSummary {
  const ran = new Set(report.rules.map((r) => r.id));
  const crashed = new Set(report.errors.filter((e) => e.kind === "rule" && e.ruleId).map((e) => e.ruleId as string));
  const internal = report.errors.some((e) => e.kind === "internal");
  const unparsed = report.errors.filter((e) => e.kind === "parse").length;
  const usesHttp = report.inventory.transports.some((t) => t.kind !== "stdio");
  const usesCrypto = walletModules.some((m) => WALLET_MODULES.test(m));
  const hasResources = report.inventory.resources.length > 0;
  const items = catalogue.map((item): ChecklistItemResult => {
    const rules = item.rules.filter((r) => ran.has(r));
    const attestation = attestationFor(item.id, options);
    const base = { id: item.id, title: item.title, section: item.section, area: item.area, priority: item.priority, kind: item.kind, rules, ...(attestation ? { attestation } : {}) };
    const result = (outcome: ItemOutcome, reason: string, findings: string[] = []): ChecklistItemResult => ({ ...base, outcome, reason, findings });
    if (item.kind === "host") return result("not_applicable", "Aimed at the MCP client or host, not at a server repository.");
    if (item.applies === "http" && !usesHttp) return result("not_applicable", "The server has no HTTP transport.");
    if (item.applies === "crypto" && !usesCrypto) return result("not_applicable", "The server uses no wallet or exchange library.");
    if (item.applies === "resources" && !hasResources) return result("not_applicable", "The server exposes no resources.");
    if (rules.some((r) => crashed.has(r)) || (rules.length > 0 && internal)) return result("error", `A deciding rule failed to run (${rules.filter((r) => crashed.has(r)).join(", ") || "internal error"}); the item is not known to pass.`);
    const found = report.findings.filter((f) => rules.includes(f.ruleId));
    // Low-severity findings are advice: they ask for a review, they do not fail the item.
    const failing = found.filter((f) => f.severity !== "low");
    if (failing.length) {
      const note = attestation ? " The attestation does not override it." : "";
      return result("fail", `${failing.length} finding${failing.length === 1 ? "" : "s"} of ${[...new Set(failing.map((f) => f.ruleId))].join(", ")}.${note}`, failing.map((f) => f.fingerprint));
    }
    // Code rules never read a file that did not parse: what they did not see is not known to pass.
    if (rules.length && item.kind === "code" && unparsed) return result("error", `${unparsed} source file${unparsed === 1 ? "" : "s"} could not be parsed, so ${rules.join(", ")} could not check ${unparsed === 1 ? "it" : "them"}.`);
    if (found.length) return result("manual", `${found.length} advisory finding${found.length === 1 ? "" : "s"} of ${[...new Set(found.map((f) => f.ruleId))].join(", ")} to review.`, found.map((f) => f.fingerprint));
    if (rules.length) return result("pass", `Checked by ${rules.join(", ")}: no finding.`);
    if (attestation && !attestation.expired) return result("attested", `Attested on ${attestation.date}: ${attestation.statement}`);
    if (attestation) return result("manual", `The attestation of ${attestation.date} is older than ${options.attestationMaxAgeDays} days; review and re-date it.`);
    return result("manual", item.kind === "attest" ? "Only the maintainer can state this: add an attestation to .mcp-warden.yml." : "No automated check covers this yet: review it and add an attestation to .mcp-warden.yml.");
  });
  return { ...scoreItems(items), ...(options.commit ? { commit: options.commit } : {}) };
}

function attestationFor(id: string, options: EvaluationOptions): (Attestation & { expired: boolean }) | undefined {
  const a = options.attestations[id];
  if (!a) return undefined;
  const age = (options.now.getTime() - new Date(`${a.date}T00:00:00Z`).getTime()) / 86_400_000;
  return { ...a, expired: age > options.attestationMaxAgeDays };
}
