/** What a family builder receives (the scene) and returns (the parts of a finding). */

import type { FindingTypeInfo } from "../catalog.js";
import type { Rng } from "../random.js";
import type { WireFinding } from "../store.js";
import type { FindingContext } from "./finding.js";
import type { Inventory } from "./inventory.js";
import type { Json } from "./values.js";

export type ResourceRole = "TARGET" | "ACTOR";

export interface Scene {
  rng: Rng;
  info: FindingTypeInfo;
  ctx: FindingContext;
  inventory: Inventory;
  createdMs: number;
  updatedMs: number;
}

export interface Parts {
  resource: WireFinding["resource"];
  action?: Json;
  resourceRole: ResourceRole;
  /** Extra `service` members: evidence, runtimeDetails, ebsVolumeScanDetails, detection... */
  service: Json;
  /** Members of the `additionalInfo.value` JSON text. */
  additional: Json;
  /** How titles and descriptions name the affected resource. */
  subject: string;
  /** The remote party (IP, domain or principal), when there is one. */
  peer?: string;
  /** Top-level Finding members only some findings carry (`customDetectionRuleName`). */
  finding?: Json;
}

export function newParts(resource: WireFinding["resource"], subject: string): Parts {
  return { resource, resourceRole: "TARGET", service: {}, additional: {}, subject };
}
