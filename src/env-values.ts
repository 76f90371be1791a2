/** Shapes of environment values that more than one config reader parses. */

/** "a, b,,a" -> ["a", "b"]: trimmed, empty entries dropped, duplicates dropped, order kept. */
export function commaList(raw: string | undefined): string[] {
  return [
    ...new Set(
      (raw ?? "")
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
  ];
}
