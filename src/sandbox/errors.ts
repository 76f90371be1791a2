/**
 * Errors a sandbox operation throws. `wire.ts` turns them into restJson1 error responses:
 * status, `x-amzn-ErrorType` header with the modeled name, body `{message, __type}`.
 */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    /** The modeled error name the SDKs resolve (header `x-amzn-ErrorType`). */
    readonly errorType: string,
    message: string,
    /** The finer internal code the real service puts in the body's `__type`. */
    readonly internalType: string = errorType,
  ) {
    super(message);
    this.name = errorType;
  }
}

/** 400 BadRequestException with the real service's body `__type` (guardduty-wire.md §2.2). */
export function badRequest(message: string): SandboxError {
  return new SandboxError(400, "BadRequestException", message, "InvalidInputException");
}

export function invalidParameter(name: string): SandboxError {
  return badRequest(`The request is rejected because the parameter ${name} has an invalid value.`);
}

export const NOT_OWNED_MESSAGE =
  "The request is rejected because the input detectorId is not owned by the current account.";

export function errorMessage(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
