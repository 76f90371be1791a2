/**
 * An identity provider for tests: key pairs made with `jose`, a JWKS served on a loopback port
 * chosen by the system, and tokens signed with those keys.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from "jose";

export const ISSUER = "https://idp.example.test/";
export const AUDIENCE = "guardduty-graphql";

export interface TestKey {
  kid: string;
  alg: string;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
  jwk: JWK;
  /** The public key as PEM (SPKI). */
  pem: string;
}

export async function makeKey(kid: string, alg = "RS256"): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, alg, publicKey, privateKey, jwk, pem: await exportSPKI(publicKey) };
}

export interface JwksServer {
  url: string;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  close(): Promise<void>;
}

/** Serves `{ keys }` at /jwks.json on 127.0.0.1, port 0. */
export async function serveJwks(keys: readonly JWK[]): Promise<JwksServer> {
  let fetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== "/jwks.json") {
      response.writeHead(404).end();
      return;
    }
    fetches += 1;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    fetches: () => fetches,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TokenOptions {
  issuer?: string;
  audience?: string | string[];
  subject?: string;
  /** Seconds from now; undefined = no `exp`. Default 600. */
  expiresIn?: number | null;
  /** Seconds from now. */
  notBefore?: number;
  claims?: Record<string, unknown>;
  kid?: string;
}

const now = () => Math.floor(Date.now() / 1000);

export async function signToken(key: TestKey, options: TokenOptions = {}): Promise<string> {
  const jwt = new SignJWT({ scope: "findings:read", ...options.claims })
    .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: "JWT" })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject(options.subject ?? "alice@example.test")
    .setIssuedAt();
  if (options.expiresIn !== null) jwt.setExpirationTime(now() + (options.expiresIn ?? 600));
  if (options.notBefore !== undefined) jwt.setNotBefore(now() + options.notBefore);
  return jwt.sign(key.privateKey);
}

export function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The claims of a token, unverified (to forge variants of it). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString("utf8"));
}
