// A private_key_jwt key pair: RS256 (RSA 2048) made with Web Crypto, and a self-signed X.509 certificate for its
// public key (@peculiar/x509), because Entra and others register a certificate and want its thumbprints in the
// assertion header. What the console and the JWKS show is read back from the certificate with node:crypto.
import "server-only";
// tsyringe (used inside @peculiar/x509) needs the Reflect metadata API before it loads.
import "reflect-metadata";
import { createHash, createPublicKey, webcrypto, X509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
/** Long-lived on purpose: it is the registration of a key Keyway rotates itself, not a TLS certificate. */
const VALID_YEARS = 5;

export type GeneratedClientKey = { privateKeyPem: string; certificatePem: string };

/** A new key pair and its self-signed certificate. The private key PEM must be sealed before it is stored. */
export async function generateClientKey(subject: string): Promise<GeneratedClientKey> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + VALID_YEARS * 365 * 24 * 3600 * 1000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString("hex"),
    name: `CN=${subject.replace(/[^A-Za-z0-9 .-]/g, "")}`,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;
  return { privateKeyPem, certificatePem: certificate.toString("pem") };
}

/** "AB:CD:…" as certificate consoles (Entra, Windows, OpenSSL) show thumbprints. */
const colonHex = (digest: Buffer) => digest.toString("hex").toUpperCase().match(/.{2}/g)!.join(":");

export type CertificateFacts = {
  /** The JWK `kid`: the certificate's SHA-256 thumbprint, base64url (unique per key, stable). */
  kid: string;
  /** SHA-1 thumbprint, base64url (the `x5t` header). */
  x5t: string;
  /** SHA-256 thumbprint, base64url (the `x5t#S256` header). */
  x5tS256: string;
  sha1Hex: string;
  sha256Hex: string;
  /** The DER certificate, base64 (the JWK's `x5c`). */
  x5c: string;
  certificatePem: string;
  publicKeyPem: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
};

/** Everything public about a stored certificate: thumbprints, public key, validity. */
export function certificateFacts(certificatePem: string): CertificateFacts {
  const certificate = new X509Certificate(certificatePem);
  const der = certificate.raw;
  const sha1 = createHash("sha1").update(der).digest();
  const sha256 = createHash("sha256").update(der).digest();
  return {
    kid: sha256.toString("base64url"),
    x5t: sha1.toString("base64url"),
    x5tS256: sha256.toString("base64url"),
    sha1Hex: colonHex(sha1),
    sha256Hex: colonHex(sha256),
    x5c: der.toString("base64"),
    certificatePem: certificate.toString(),
    publicKeyPem: certificate.publicKey.export({ type: "spki", format: "pem" }).toString(),
    subject: certificate.subject,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
  };
}

/** The public JWK of a certificate's key, as published in the integration's JWKS. */
export function publicJwk(certificatePem: string) {
  const facts = certificateFacts(certificatePem);
  const jwk = createPublicKey(certificatePem).export({ format: "jwk" });
  return {
    kty: jwk.kty,
    n: jwk.n,
    e: jwk.e,
    kid: facts.kid,
    use: "sig",
    alg: "RS256",
    x5t: facts.x5t,
    "x5t#S256": facts.x5tS256,
    x5c: [facts.x5c],
  };
}
