/** ApplicationFailure types raised by activities, for retry policies and operators. */
export const failureTypes = {
  unknownTemplate: 'UnknownTemplate',
  /** The provider certainly did not accept the message; the retry may send it. */
  providerUnavailable: 'ProviderUnavailable',
} as const;
