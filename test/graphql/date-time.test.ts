import { describe, expect, it } from "vitest";
import { isCanonicalDateTime, serializeDateTime } from "../../src/graphql/types/scalars.js";

/** What serialisation answered before strings could pass through: always through a Date. */
const throughDate = (value: string) => new Date(value).toISOString();

describe("DateTime serialisation", () => {
  it("passes canonical strings through, exactly as a Date would print them", () => {
    const values = [
      "2026-11-01T12:30:00.000Z",
      "2024-02-29T23:59:59.999Z",
      "2000-02-29T00:00:00.000Z",
      "0000-01-01T00:00:00.000Z",
      "9999-12-31T23:59:59.999Z",
    ];
    for (const value of values) {
      expect(isCanonicalDateTime(value), value).toBe(true);
      expect(serializeDateTime(value)).toBe(throughDate(value));
    }
  });

  it("sends every other string through a Date, as before (rolled over, re-zoned or refused)", () => {
    const rolled = [
      "2026-02-29T00:00:00.000Z",
      "2026-02-30T00:00:00.000Z",
      "1900-02-29T00:00:00.000Z",
      "2026-04-31T00:00:00.000Z",
      "2026-01-01T24:00:00.000Z",
      "2026-11-01T12:30:00Z",
      "2026-11-01T12:30:00.000+02:00",
      "2026-11-01T12:30:00.123456Z",
    ];
    for (const value of rolled) {
      expect(isCanonicalDateTime(value), value).toBe(false);
      expect(serializeDateTime(value)).toBe(throughDate(value));
    }
    for (const invalid of ["2026-13-01T00:00:00.000Z", "2026-01-01T23:60:00.000Z", "yesterday"]) {
      expect(isCanonicalDateTime(invalid), invalid).toBe(false);
      expect(() => serializeDateTime(invalid)).toThrow(/Invalid DateTime value/);
    }
  });

  it("prints Dates and epoch-based values in UTC with milliseconds", () => {
    expect(serializeDateTime(new Date(Date.UTC(2026, 10, 1, 12, 30)))).toBe(
      "2026-11-01T12:30:00.000Z",
    );
  });
});
