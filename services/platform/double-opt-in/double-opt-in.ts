/**
 * Double opt-in: in these countries an email marketing subscription is pending until the
 * customer clicks the confirmation link (DOUBLE_OPT_IN_COUNTRIES; German and Austrian courts
 * expect it, hence DE and AT by default). The projector applies the list when it projects a
 * grant, so the list is one of the projection's rules: a rebuild under another list gives
 * another ledger, as a rebuild under another projector version would.
 */

/** "DE,AT": ISO 3166-1 alpha-2 codes, any case; "off" (or nothing) for none. */
export function parseDoubleOptInCountries(text: string): readonly string[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'off') return [];
  const codes = trimmed.split(',').map((code) => code.trim().toUpperCase());
  const wrong = codes.filter((code) => !/^[A-Z]{2}$/.test(code));
  if (wrong.length > 0) {
    throw new Error(
      `not ISO 3166-1 alpha-2 country codes: ${wrong.map((code) => JSON.stringify(code)).join(', ')} (e.g. "DE,AT", or "off")`,
    );
  }
  return [...new Set(codes)];
}

export interface DoubleOptIn {
  /** Upper-case ISO codes; empty: no country requires it. */
  countries: readonly string[];
}

export const defaultDoubleOptIn: DoubleOptIn = Object.freeze({ countries: Object.freeze(parseDoubleOptInCountries('DE,AT')) });

/**
 * Whether a customer of this country must confirm an email subscription. An unknown country
 * does not: we cannot tell where the customer lives, and holding back every subscription of a
 * shop that never sends countries would silence its whole list; a shop that needs it
 * everywhere sends the country (Identify) before the grant.
 */
export const requiresDoubleOptIn = (rules: DoubleOptIn, country: string | null): boolean =>
  country !== null && rules.countries.includes(country.toUpperCase());
