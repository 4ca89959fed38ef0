import path from "node:path";
import { ts } from "./ts.js";
import { calleeName, skipOuter } from "../engine/ast/function-like.js";
import type { ApiRef } from "../engine/resolve/value-ref.js";
import type { RuleContext } from "./rule.js";

/** Wallet, chain and exchange libraries: a package depending on one of them holds keys or moves funds. */
const WALLET_PACKAGE = /^(ethers|viem|web3|web3-eth-accounts|@solana\/(web3(\.js)?|kit|spl-token)|bitcoinjs-lib|ccxt|tronweb|@cosmjs\/.+|@coinbase\/.+|bip39|@scure\/bip39|@scure\/bip32|ethereumjs-wallet|@ethereumjs\/wallet|ecpair|near-api-js|xrpl|@mysten\/sui(\.js)?|algosdk|@polkadot\/api|starknet|@aptos-labs\/ts-sdk|@taquito\/.+|@goat-sdk\/.+|solana-agent-kit|thirdweb|@turnkey\/.+|@lit-protocol\/.+)$/;

/** Environment variables that hold wallet keys. */
export const WALLET_ENV = /(^|_)(PRIVATE_?KEY|PRIV_?KEY|MNEMONIC|SEED(_?PHRASE)?|SECRET_?KEY|WALLET_?KEY|SIGNER_?KEY|KEYPAIR|RECOVERY_?PHRASE|WIF)(_|$)/i;

/** The package a module specifier belongs to: `viem/accounts` → `viem`, `@solana/web3.js` stays. */
export function packageOf(module: string): string {
  const parts = module.split("/");
  return module.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? module);
}

export function isWalletModule(module: string): boolean {
  return WALLET_PACKAGE.test(packageOf(module));
}

/**
 * Whether a node sits in code that handles wallets: its package.json depends on a wallet or exchange library,
 * or its file imports one. Monorepos are judged package by package.
 */
export function walletScope(context: RuleContext): (node: ts.Node) => boolean {
  const folders: string[] = [];
  for (const f of context.auxiliaryFiles) {
    if (path.posix.basename(f.path) !== "package.json") continue;
    try {
      const manifest = JSON.parse(f.text) as Record<string, unknown>;
      const deps = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"].flatMap((k) => Object.keys((manifest[k] as Record<string, string> | undefined) ?? {}));
      if (deps.some((d) => WALLET_PACKAGE.test(d))) folders.push(path.posix.dirname(f.path));
    } catch {
      // A manifest that does not parse says nothing about dependencies; imports still decide.
      continue;
    }
  }
  const byFile = new Map<ts.SourceFile, boolean>();
  return (node) => {
    const sf = node.getSourceFile();
    const cached = byFile.get(sf);
    if (cached !== undefined) return cached;
    const rel = context.pathOf(sf);
    const inScope = folders.some((dir) => dir === "." || rel === dir || rel.startsWith(`${dir}/`)) || importsWalletModule(sf);
    byFile.set(sf, inScope);
    return inScope;
  };
}

function importsWalletModule(sf: ts.SourceFile): boolean {
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteralLike(st.moduleSpecifier) && isWalletModule(st.moduleSpecifier.text)) return true;
  }
  return /require\(\s*["'](ethers|viem|web3|@solana\/web3\.js|bitcoinjs-lib|ccxt|tronweb|bip39)["']\s*\)/.test(sf.text);
}

/** The library member a call reaches, without the instance markers: `new ccxt.binance().createOrder` → "createOrder". */
export function memberName(api: ApiRef): string {
  const parts = api.path.filter((p) => p !== "#");
  return parts[parts.length - 1] ?? "";
}

export type SigningAction = "transfer" | "transaction" | "contract" | "typed-data" | "message" | "order" | "withdrawal";

/** Calls that sign or send: what they do, keyed by the method name. */
const SIGNING: Readonly<Record<string, SigningAction>> = {
  sendTransaction: "transaction",
  signTransaction: "transaction",
  sendAndConfirmTransaction: "transaction",
  signAndSendTransaction: "transaction",
  signAndBroadcast: "transaction",
  signAllTransactions: "transaction",
  writeContract: "contract",
  signTypedData: "typed-data",
  _signTypedData: "typed-data",
  signMessage: "message",
  transfer: "transfer",
  transferFrom: "transfer",
  safeTransferFrom: "transfer",
  sendTokens: "transfer",
  createOrder: "order",
  createMarketOrder: "order",
  createLimitOrder: "order",
  createMarketBuyOrder: "order",
  createMarketSellOrder: "order",
  createLimitBuyOrder: "order",
  createLimitSellOrder: "order",
  withdraw: "withdrawal",
};
/** Names specific enough to trust on any object the resolver cannot name (a client passed around untyped). */
const UNAMBIGUOUS = new Set(["sendTransaction", "signTransaction", "sendAndConfirmTransaction", "signAndSendTransaction", "signAndBroadcast", "writeContract", "signTypedData", "_signTypedData", "signAllTransactions", "signMessage"]);

export interface SigningCall {
  call: ts.CallExpression;
  action: SigningAction;
  /** How the call reads in a message, e.g. "walletClient.writeContract". */
  api: string;
}

/**
 * A call into a wallet, chain or exchange library that signs something or moves funds. Callers ask only about code
 * in wallet scope, so on an object the resolver cannot name (`getExchange(id).createOrder(...)`) a signing name is
 * trusted too; the generic ones (transfer, withdraw, createOrder) need the arguments of a fund move.
 */
export function signingCall(call: ts.CallExpression, context: RuleContext): SigningCall | undefined {
  const name = calleeName(call);
  if (!name || !Object.hasOwn(SIGNING, name)) return undefined;
  const action = SIGNING[name] as SigningAction;
  const text = shortText(call.expression);
  const api = context.api(call.expression);
  // SystemProgram.transfer builds an instruction; sending it is the signing call.
  if (api) return isWalletModule(api.module) && api.path[0] !== "SystemProgram" ? { call, action, api: text } : undefined;
  if (context.calleeFunctions(call).length) return undefined;
  if (UNAMBIGUOUS.has(name) || call.arguments.length >= 2) return { call, action, api: text };
  return undefined;
}

/** Calls that create a signer from key material: their argument is a private key, a seed or a mnemonic. */
const KEY_CONSUMERS = new Set([
  "privateKeyToAccount", "mnemonicToAccount", "hdKeyToAccount", "Wallet", "fromPhrase", "fromMnemonic", "fromSeed", "fromSecretKey", "fromPrivateKey", "fromWIF",
  "fromMasterSeed", "mnemonicToSeed", "mnemonicToSeedSync", "entropyToMnemonic", "fromEntropy", "fromExtendedKey", "SigningKey", "Keypair", "ECPair", "DirectSecp256k1HdWallet", "DirectSecp256k1Wallet",
]);

/** The key-material argument of a signer constructor (`privateKeyToAccount(pk)`, `new Wallet(pk)`, `Keypair.fromSecretKey(sk)`). */
export function keyMaterialArgument(call: ts.CallExpression | ts.NewExpression, context: RuleContext): ts.Expression | undefined {
  const api = context.api(call.expression);
  if (!api || !isWalletModule(api.module)) return undefined;
  const name = memberName(api);
  if (!KEY_CONSUMERS.has(name)) return undefined;
  // `Keypair` and `ECPair` as constructors take no key; their factories do.
  if ((name === "Keypair" || name === "ECPair") && ts.isNewExpression(call)) return undefined;
  const arg = call.arguments?.[0];
  return arg && !ts.isObjectLiteralExpression(skipOuter(arg)) ? arg : undefined;
}

/** Library calls that create fresh keys: their result (or its secret fields) is key material. */
const GENERATORS = new Set(["generateMnemonic", "generatePrivateKey", "randomPrivateKey", "createRandom", "generate", "generateKeyPair", "generateKeyPairSigner", "makeRandom"]);
/** Fields of a wallet or keypair object that hold its secret. */
export const SECRET_FIELDS = new Set(["privateKey", "mnemonic", "secretKey", "signingKey", "extendedKey", "seed", "_signingKey", "privateExtendedKey", "xprv", "phrase", "_mnemonic"]);

/** What a wallet-library expression yields: a fresh secret (a mnemonic string), a wallet object holding one, or neither. */
export function walletValue(expr: ts.Expression, context: RuleContext): "secret" | "wallet" | undefined {
  const e = skipOuter(expr);
  if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return undefined;
  const api = context.api(e.expression);
  if (!api || !isWalletModule(api.module)) return undefined;
  const name = memberName(api);
  if (name === "generateMnemonic" || name === "generatePrivateKey" || name === "randomPrivateKey" || name === "entropyToMnemonic" || name === "mnemonicToSeed" || name === "mnemonicToSeedSync") return "secret";
  if (GENERATORS.has(name) || KEY_CONSUMERS.has(name)) return "wallet";
  return undefined;
}

function shortText(e: ts.Expression): string {
  const text = e.getText().replace(/\s+/g, "");
  return text.length > 60 ? `…${text.slice(-57)}` : text;
}
