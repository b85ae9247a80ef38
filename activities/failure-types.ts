/** ApplicationFailure types raised by activities, for retry policies and operators. */
export const failureTypes = {
  unknownTemplate: 'UnknownTemplate',
  /** A journey asked for something that cannot be (a time of day such as "25:00"): fix the journey. */
  invalidJourney: 'InvalidJourney',
  /** The provider certainly did not accept the message; the retry may send it. */
  providerUnavailable: 'ProviderUnavailable',
  /** The event the journey asks about is not in the projections yet (the projector lags the router): retried. */
  notYetProjected: 'NotYetProjected',
} as const;
