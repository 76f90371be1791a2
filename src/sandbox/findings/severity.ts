/** A finding's numeric severity from its type's documented band. */
import {
  type FindingTypeInfo,
  SEVERITY_BANDS,
  type SeverityBand,
  severityBandRange,
} from "../catalog.js";
import type { Rng } from "../random.js";

/**
 * Most findings carry the band's typical value (2.0/5.0/8.0/9.0, as real `countBySeverity` keys
 * show); variable types may drift one band either way, but never into Critical, which only
 * attack sequences reach.
 */
export function severityFor(rng: Rng, info: FindingTypeInfo): number {
  const band =
    info.severity === "Variable" ? variableBand(rng, info.defaultBand) : info.defaultBand;
  const range = severityBandRange(band);
  if (rng.chance(0.8)) return range.typical;
  return rng.int(Math.round(range.min * 10), Math.round(range.max * 10)) / 10;
}

function variableBand(rng: Rng, base: SeverityBand): SeverityBand {
  const index = SEVERITY_BANDS.findIndex((range) => range.band === base);
  const roll = rng.next();
  const shifted = roll < 0.6 ? index : roll < 0.8 ? index - 1 : index + 1;
  const highestNonCritical = SEVERITY_BANDS.findIndex((range) => range.band === "High");
  const clamped = Math.min(Math.max(shifted, 0), Math.max(highestNonCritical, index));
  return SEVERITY_BANDS[clamped]?.band ?? base;
}
