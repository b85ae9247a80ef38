/**
 * A customer's purchase history as the models read it, in the layout analysts' tools use:
 * `frequency` repeat purchases (orders after the first), `recency` the age of the customer
 * at their last purchase, `T` their age now (both from their first purchase, in one time
 * unit, days here), and `monetaryValue` the mean value of the repeat purchases.
 */
export interface PurchaseHistory {
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
}

/**
 * Identical histories counted once with a weight: a shop's customers share far fewer
 * distinct (frequency, recency, T) than there are customers, and each likelihood
 * evaluation then costs per distinct history.
 */
export function grouped<Key extends keyof PurchaseHistory>(histories: readonly PurchaseHistory[], keys: readonly Key[]) {
  const groups = new Map<string, { values: Pick<PurchaseHistory, Key>; weight: number }>();
  for (const history of histories) {
    const id = keys.map((key) => history[key]).join('|');
    const group = groups.get(id);
    if (group) group.weight += 1;
    else groups.set(id, { values: Object.fromEntries(keys.map((key) => [key, history[key]])) as Pick<PurchaseHistory, Key>, weight: 1 });
  }
  return [...groups.values()];
}

/**
 * The log-likelihood of grouped histories: the terms that depend on the frequency alone (the
 * Gamma and Beta functions) once per distinct frequency, a few dozen, not once per customer.
 */
export function groupedLogLikelihood<Values extends { frequency: number }>(
  groups: readonly { values: Values; weight: number }[],
  ofFrequency: (frequency: number) => number,
  ofCustomer: (values: Values, frequencyTerms: number) => number,
): number {
  const byFrequency = new Map<number, number>();
  let sum = 0;
  for (const { values, weight } of groups) {
    let terms = byFrequency.get(values.frequency);
    if (terms === undefined) byFrequency.set(values.frequency, (terms = ofFrequency(values.frequency)));
    sum += weight * ofCustomer(values, terms);
  }
  return sum;
}
