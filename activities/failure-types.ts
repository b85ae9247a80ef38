/** ApplicationFailure types raised by activities, for retry policies and operators. */
export const failureTypes = {
  unknownTemplate: 'UnknownTemplate',
} as const;
