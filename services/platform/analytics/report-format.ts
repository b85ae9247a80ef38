/** How the journey report's figures read, in the CLI's tables and on the console's pages alike. */

export const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** A difference of rates in percentage points, signed: +1.5 pts. */
export const points = (difference: number | null) =>
  difference === null ? '-' : `${difference >= 0 ? '+' : ''}${(difference * 100).toFixed(1)} pts`;

export const amount = (value: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
