import type { Rule } from "../src/rule-api/index.js";
import noCodeInjection from "./no-code-injection.js";
import noIncompleteSsrfGuard from "./no-incomplete-ssrf-guard.js";
import noPathTraversal from "./no-path-traversal.js";
import noShellInjection from "./no-shell-injection.js";
import noSsrf from "./no-ssrf.js";
import requireDnsRebindingProtection from "./require-dns-rebinding-protection.js";
import requireHttpAuth from "./require-http-auth.js";

/** Every rule, sorted by id. A test checks this list against the folder. */
export const RULES: readonly Rule[] = [noCodeInjection, noIncompleteSsrfGuard, noPathTraversal, noShellInjection, noSsrf, requireDnsRebindingProtection, requireHttpAuth];
