import { decodeGlobalID } from "@pothos/plugin-relay";
import { badUserInput, quote } from "./errors.js";

/** Relay's decoder, with a malformed id reported as BAD_USER_INPUT like any other bad input. */
export function decodeId(globalID: string): { typename: string; id: string } {
  try {
    return decodeGlobalID(globalID);
  } catch {
    throw badUserInput(`${quote(globalID)} is not an id this API issued`);
  }
}
