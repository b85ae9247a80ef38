/** Durations as a journey reads them: '30 minutes', '24 hours', '3 days'. */
const unitMs = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
} as const;
type Unit = keyof typeof unitMs;
export type Duration = `${number} ${Unit | `${Unit}s`}`;

export function durationMs(duration: Duration): number {
  const match = /^(\d+(?:\.\d+)?) (second|minute|hour|day|week)s?$/.exec(duration);
  if (!match) throw new TypeError(`Not a duration: "${duration}" (expected e.g. "30 minutes")`);
  return Number(match[1]) * unitMs[match[2] as Unit];
}
