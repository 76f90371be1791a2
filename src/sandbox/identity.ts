import { SandboxError } from "./errors.js";
import { type Identity, identityByAccessKey, type World } from "./store.js";

export interface Caller {
  identity: Identity;
  region: string;
}

// "AWS4-HMAC-SHA256 Credential=AKID/20261128/us-east-1/guardduty/aws4_request, SignedHeaders=..."
const CREDENTIAL_SCOPE = /Credential=([^/\s,]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/**
 * The caller is whoever owns the access key id in the SigV4 credential scope; the region is the
 * scope's region. Signatures are not verified: the sandbox trusts loopback callers, but the
 * errors for missing or unknown keys are the service's own.
 */
export function resolveCaller(world: World, authorization: string | undefined): Caller {
  if (!authorization) {
    throw new SandboxError(
      403,
      "MissingAuthenticationTokenException",
      "Missing Authentication Token",
    );
  }
  const scope = CREDENTIAL_SCOPE.exec(authorization);
  if (!scope) {
    throw new SandboxError(
      403,
      "IncompleteSignatureException",
      "Authorization header requires a SigV4 'Credential' parameter.",
    );
  }
  const [, accessKeyId, region, service] = scope as unknown as [string, string, string, string];
  if (service !== "guardduty") {
    throw new SandboxError(
      403,
      "InvalidSignatureException",
      `Credential should be scoped to correct service: 'guardduty'; got '${service}'.`,
    );
  }
  const identity = identityByAccessKey(world, accessKeyId);
  if (!identity) {
    throw new SandboxError(
      403,
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  }
  return { identity, region };
}
