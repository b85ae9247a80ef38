/**
 * A journey's numbers a shop sets without editing its code: each parameter declares its
 * default (from the practice in DESIGN.md) and what it means. Operators set them with
 * `journeys journey set <journey> <name>=<value>`; the journey reads them once, when a
 * customer enters, so one customer's run keeps the numbers it started with.
 */

export type ParameterValue = number | string | boolean;

export interface ParameterSpec<Value extends ParameterValue = ParameterValue> {
  default: Value;
  /** What it means and its unit, shown by `journeys journey show`. */
  about: string;
  /** Lowest accepted value, for numbers (0 unless said: counts, days and amounts are never negative). */
  min?: number;
}

export type ParameterSpecs = Readonly<Record<string, ParameterSpec>>;
/** A journey that declares none. */
export type NoParameters = Record<never, ParameterSpec>;

/** The values a journey's body reads: numbers as numbers, whatever the default's literal. */
export type ParametersOf<Specs extends ParameterSpecs> = {
  readonly [Name in keyof Specs]: Specs[Name]['default'] extends number
    ? number
    : Specs[Name]['default'] extends boolean
      ? boolean
      : string;
};

/**
 * The values for one entry: each stored value that still fits its parameter (same type, in
 * range), the default otherwise. A value stored for a parameter a later version dropped, or
 * of a type it no longer has, never reaches the journey: the worker cannot stop on it.
 */
export function resolveParameters<Specs extends ParameterSpecs>(
  specs: Specs | undefined,
  stored: Readonly<Record<string, unknown>>,
): ParametersOf<Specs> {
  const values: Record<string, ParameterValue> = {};
  for (const [name, spec] of Object.entries(specs ?? {})) {
    const value = stored[name];
    values[name] = fits(spec, value) ? value : spec.default;
  }
  return values as ParametersOf<Specs>;
}

function fits(spec: ParameterSpec, value: unknown): value is ParameterValue {
  if (typeof value !== typeof spec.default) return false;
  return typeof value !== 'number' || (plainNumber(value) && value >= (spec.min ?? 0));
}

/**
 * Written as digits (12, 4.5), as journeys put numbers into durations ("4.5 hours"):
 * 1e-7 or 1e21 would make a duration no journey can read.
 */
const plainNumber = (value: number) => Number.isFinite(value) && /^\d+(\.\d{1,6})?$/.test(String(value));

/**
 * An operator's `<name>=<value>` for one of the journey's parameters, as it will be stored;
 * an error that names the problem otherwise (an unknown name lists the known ones).
 */
export function parseParameterAssignment(
  journeyId: string,
  specs: ParameterSpecs | undefined,
  assignment: string,
): [string, ParameterValue] {
  const at = assignment.indexOf('=');
  const known = Object.keys(specs ?? {});
  if (at <= 0) throw new Error(`"${assignment}" is not <name>=<value>`);
  const name = assignment.slice(0, at);
  const raw = assignment.slice(at + 1).trim();
  const spec = specs?.[name];
  if (!spec) {
    throw new Error(`${journeyId} has no parameter "${name}" (${known.length ? `its parameters: ${known.join(', ')}` : 'it has none'})`);
  }
  if (typeof spec.default === 'number') {
    const value = raw === '' ? Number.NaN : Number(raw);
    const min = spec.min ?? 0;
    if (!plainNumber(value) || value < min)
      throw new Error(`${name} takes a number of at least ${min} (digits, at most 6 decimals), not "${raw}"`);
    return [name, value];
  }
  if (typeof spec.default === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new Error(`${name} takes true or false, not "${raw}"`);
    return [name, raw === 'true'];
  }
  if (raw === '') throw new Error(`${name} takes a non-empty text`);
  return [name, raw];
}
