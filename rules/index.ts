import type { Rule } from "../src/rule-api/index.js";
import noCodeInjection from "./no-code-injection.js";
import noDisabledTlsVerification from "./no-disabled-tls-verification.js";
import noHardcodedSecrets from "./no-hardcoded-secrets.js";
import noIncompleteSsrfGuard from "./no-incomplete-ssrf-guard.js";
import noOpenRedirect from "./no-open-redirect.js";
import noOrphanProcesses from "./no-orphan-processes.js";
import noPathTraversal from "./no-path-traversal.js";
import noSecretLeak from "./no-secret-leak.js";
import noSharedSessionState from "./no-shared-session-state.js";
import noShellInjection from "./no-shell-injection.js";
import noSqlInjection from "./no-sql-injection.js";
import noSsrf from "./no-ssrf.js";
import noToolPoisoning from "./no-tool-poisoning.js";
import noUnboundedResourceUse from "./no-unbounded-resource-use.js";
import noUnsafeHtmlOutput from "./no-unsafe-html-output.js";
import noUntrustedContentPassthrough from "./no-untrusted-content-passthrough.js";
import noWalletSecretExposure from "./no-wallet-secret-exposure.js";
import requireAccurateAnnotations from "./require-accurate-annotations.js";
import requireDnsRebindingProtection from "./require-dns-rebinding-protection.js";
import requireHttpAuth from "./require-http-auth.js";
import requireInputValidation from "./require-input-validation.js";
import requireTransferConfirmation from "./require-transfer-confirmation.js";
import requireUniqueToolNames from "./require-unique-tool-names.js";

/** Every rule, sorted by id. A test checks this list against the folder. */
export const RULES: readonly Rule[] = [noCodeInjection, noDisabledTlsVerification, noHardcodedSecrets, noIncompleteSsrfGuard, noOpenRedirect, noOrphanProcesses, noPathTraversal, noSecretLeak, noSharedSessionState, noShellInjection, noSqlInjection, noSsrf, noToolPoisoning, noUnboundedResourceUse, noUnsafeHtmlOutput, noUntrustedContentPassthrough, noWalletSecretExposure, requireAccurateAnnotations, requireDnsRebindingProtection, requireHttpAuth, requireInputValidation, requireTransferConfirmation, requireUniqueToolNames];
