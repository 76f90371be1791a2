import type { GuardDutyServiceException } from "@aws-sdk/client-guardduty";
import { expect } from "vitest";

/** The error a call failed with; fails the test when the call succeeds. */
export async function rejection(promise: Promise<unknown>): Promise<GuardDutyServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as GuardDutyServiceException;
  }
  throw new Error("expected the call to fail");
}

/** The SDK raised BadRequestException for an HTTP 400 whose message contains `messagePart`. */
export async function expectBadRequest(
  promise: Promise<unknown>,
  messagePart: string,
): Promise<void> {
  const error = await rejection(promise);
  expect(error.name).toBe("BadRequestException");
  expect(error.$metadata.httpStatusCode).toBe(400);
  expect(error.$fault).toBe("client");
  expect(error.message).toContain(messagePart);
}
