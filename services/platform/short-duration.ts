/** Durations as operators write them in configuration: "30m", "24h", "7d". */
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The duration in ms, or null when the text is not <number><m|h|d> with a number ≥ 1. */
export function parseShortDuration(text: string): number | null {
  const match = /^(\d+)([mhd])$/.exec(text.trim());
  if (!match || Number(match[1]) < 1) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
