/** Resolves on Ctrl-C or SIGTERM, so processes can stop their consumers and workers cleanly. */
export function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
