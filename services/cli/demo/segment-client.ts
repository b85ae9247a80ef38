/** A minimal Segment HTTP Tracking API client, as an e-commerce backend would call us. */
export interface SegmentClient {
  /** Any ingest route, e.g. `/v1/batch` or the native `/v1/events`. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  track(call: Who & { event: string; properties?: Record<string, unknown>; messageId?: string }): Promise<Response>;
  identify(call: { userId: string; anonymousId?: string; traits: Record<string, unknown>; messageId?: string }): Promise<Response>;
}

/** A known customer (`userId`), a visitor (`anonymousId`), or both: a visitor who logged in. */
type Who = { userId: string; anonymousId?: string } | { userId?: undefined; anonymousId: string };

export function createSegmentClient(baseUrl: string, writeKey: string): SegmentClient {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
      },
      body: JSON.stringify(body),
    });
  return {
    post,
    track: (call) => post('/v1/track', { type: 'track', timestamp: new Date().toISOString(), ...call }),
    identify: (call) => post('/v1/identify', { type: 'identify', timestamp: new Date().toISOString(), ...call }),
  };
}

/** Posts and insists on 200: for scenarios, where a rejected event is a bug. */
export async function expectAccepted(response: Promise<Response>): Promise<void> {
  const answer = await response;
  if (answer.status !== 200) throw new Error(`ingest answered ${answer.status}: ${await answer.text()}`);
}
