import { createPublicKey, createVerify, type KeyObject } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { closeNow, listenLocally } from "../helpers/local-server.js";

export interface FakeGitHubAppOptions {
  /** The FakeGitHub that answers the repository routes. */
  upstream: string;
  /** The App's private key (PEM); JWTs must verify against its public half. */
  privateKey: string;
  appId: number;
  installationId: number;
  /** The installation token the FakeGitHub accepts. */
  token: string;
  /** The App's slug; the FakeGitHub writes every comment as `github-actions[bot]`, so tests use "github-actions". */
  slug: string;
}

/** An App-level request the front answered itself. */
export interface AppRequest {
  method: string;
  path: string;
  status: number;
}

/**
 * A front for FakeGitHub that answers what only a GitHub App asks: the app JWT (RS256, checked against the key)
 * exchanged for an installation token, `GET /app`, the owner's `.github` repository's files, and tarballs a test
 * crafts; everything else is passed on to FakeGitHub unchanged.
 */
export class FakeGitHubApp {
  readonly appRequests: AppRequest[] = [];
  /** Files of the owner's `.github` repository, by path. */
  readonly orgFiles = new Map<string, string>();
  /** Tarballs served for a commit id instead of FakeGitHub's `git archive`. */
  readonly tarballs = new Map<string, Buffer>();
  url = "";
  private readonly server: Server;
  private readonly publicKey: KeyObject;

  constructor(private readonly options: FakeGitHubAppOptions) {
    this.publicKey = createPublicKey(options.privateKey);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  }

  async start(): Promise<void> {
    this.url = await listenLocally(this.server);
  }

  async stop(): Promise<void> {
    await closeNow(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const reply = (status: number, data: unknown) => {
      this.appRequests.push({ method, path: url.pathname, status });
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(data));
    };
    if (url.pathname.startsWith("/app")) {
      if (!this.validJwt(req.headers.authorization)) return reply(401, { message: "A JSON web token could not be decoded" });
      if (method === "POST" && url.pathname === `/app/installations/${this.options.installationId}/access_tokens`) {
        return reply(201, { token: this.options.token, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: { checks: "write", pull_requests: "write", contents: "read", metadata: "read" } });
      }
      if (method === "GET" && url.pathname === "/app") return reply(200, { id: this.options.appId, slug: this.options.slug, name: this.options.slug });
      return reply(404, { message: "Not Found" });
    }
    const orgFile = /^\/repos\/[^/]+\/\.github\/contents\/(.+)$/.exec(url.pathname);
    if (method === "GET" && orgFile !== null) {
      if (req.headers.authorization !== `token ${this.options.token}`) return reply(401, { message: "Bad credentials" });
      const text = this.orgFiles.get(decodeURIComponent(orgFile[1] ?? ""));
      if (text === undefined) return reply(404, { message: "Not Found" });
      return reply(200, { type: "file", encoding: "base64", content: Buffer.from(text).toString("base64"), path: orgFile[1] });
    }
    const tarball = /\/tarball\/([0-9a-f]{40})$/.exec(url.pathname);
    const crafted = tarball === null ? undefined : this.tarballs.get(tarball[1] ?? "");
    if (method === "GET" && crafted !== undefined) {
      this.appRequests.push({ method, path: url.pathname, status: 200 });
      res.writeHead(200, { "content-type": "application/x-gzip", "content-length": String(crafted.length) }).end(crafted);
      return;
    }
    await this.proxy(req, res);
  }

  private proxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const upstream = new URL(req.url ?? "/", this.options.upstream);
      const forward = httpRequest(upstream, { method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res).on("finish", resolve).on("error", reject);
      });
      forward.on("error", reject);
      req.pipe(forward);
    });
  }

  /** Checks an RS256 app JWT: signature, issuer and expiry, as GitHub does. */
  private validJwt(authorization: string | undefined): boolean {
    const [scheme, jwt = ""] = (authorization ?? "").split(" ");
    const [header = "", payload = "", signature = ""] = jwt.split(".");
    if (scheme?.toLowerCase() !== "bearer" || signature === "") return false;
    const verified = createVerify("RSA-SHA256").update(`${header}.${payload}`).verify(this.publicKey, Buffer.from(signature, "base64url"));
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown; exp?: unknown };
    return verified && String(claims.iss) === String(this.options.appId) && typeof claims.exp === "number" && claims.exp * 1000 > Date.now();
  }
}
