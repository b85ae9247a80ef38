/** Events only the product writes are refused at the door, on every route, naming where. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { routes } from './requests.ts';

const received = { at: new Date().toISOString(), newEventId: () => randomUUID() };

describe('ingest requests', () => {
  it('refuses Segment Entered and Segment Exited from producers, and takes the rest of the catalog', () => {
    const track = (event: string) =>
      routes['/v1/track']!.toEnvelopes({ userId: 'u1', event, properties: { segment_id: 'high-value' } }, received);
    const refused = track('Segment Entered');
    assert.deepEqual(!refused.ok && refused.issues, [
      { path: 'event', message: '"Segment Entered" is written by the product (segments/), not sent by producers' },
    ]);

    const batch = routes['/v1/batch']!.toEnvelopes(
      {
        batch: [
          { type: 'track', userId: 'u1', event: 'Product Viewed', properties: { product_id: 'p1' } },
          { type: 'track', userId: 'u1', event: 'Segment Exited', properties: { segment_id: 'lapsed' } },
        ],
      },
      received,
    );
    assert.deepEqual(!batch.ok && batch.issues.map((issue) => issue.path), ['batch.1.event']);

    const native = routes['/v1/events']!.toEnvelopes(
      {
        events: [
          { eventId: 'e1', customerId: 'u1', type: 'Segment Entered', version: 1, occurredAt: received.at, payload: { segment_id: 'x' } },
        ],
      },
      received,
    );
    assert.deepEqual(!native.ok && native.issues.map((issue) => issue.path), ['events.0.type']);

    const accepted = routes['/v1/track']!.toEnvelopes(
      { userId: 'u1', event: 'Product Viewed', properties: { product_id: 'p1' } },
      received,
    );
    assert.equal(accepted.ok, true);
  });

  it("refuses Apology Requested from producers on every route: only the operators' command asks for apologies", () => {
    const apology = { journey_id: 'cart-abandonment', step: 'reminder-1', channel: 'email' };
    const track = routes['/v1/track']!.toEnvelopes({ userId: 'u1', event: 'Apology Requested', properties: apology }, received);
    assert.deepEqual(!track.ok && track.issues, [
      { path: 'event', message: '"Apology Requested" is written by the product (`journeys journey apologize`), not sent by producers' },
    ]);
    const batch = routes['/v1/batch']!.toEnvelopes(
      { batch: [{ type: 'track', userId: 'u1', event: 'Apology Requested', properties: apology }] },
      received,
    );
    assert.deepEqual(!batch.ok && batch.issues.map((issue) => issue.path), ['batch.0.event']);
    const native = routes['/v1/events']!.toEnvelopes(
      { events: [{ eventId: 'e1', customerId: 'u1', type: 'Apology Requested', version: 1, occurredAt: received.at, payload: apology }] },
      received,
    );
    assert.deepEqual(!native.ok && native.issues.map((issue) => issue.path), ['events.0.type']);
  });
  it('refuses Consent Expired and Consent Confirmed from producers on every route: only the product lapses or confirms a consent', () => {
    const about = { channel: 'email', purpose: 'marketing', granted_at: received.at };
    for (const type of ['Consent Expired', 'Consent Confirmed']) {
      const track = routes['/v1/track']!.toEnvelopes({ userId: 'u1', event: type, properties: about }, received);
      assert.deepEqual(!track.ok && track.issues.map((issue) => issue.path), ['event'], type);
      assert.match(!track.ok ? (track.issues[0]?.message ?? '') : '', /is written by the product/);
      const batch = routes['/v1/batch']!.toEnvelopes(
        { batch: [{ type: 'track', userId: 'u1', event: type, properties: about }] },
        received,
      );
      assert.deepEqual(!batch.ok && batch.issues.map((issue) => issue.path), ['batch.0.event'], type);
      const native = routes['/v1/events']!.toEnvelopes(
        { events: [{ eventId: 'e1', customerId: 'u1', type, version: 1, occurredAt: received.at, payload: about }] },
        received,
      );
      assert.deepEqual(!native.ok && native.issues.map((issue) => issue.path), ['events.0.type'], type);
    }
  });

  it('refuses Campaign Window Opened from producers: only the product opens a campaign window, where the holiday is kept', () => {
    const opened = { campaign_id: 'boxing-day', occurrence: '2027', place: 'GB', holiday_on: '2027-12-26', opens_on: '2027-12-23' };
    const track = routes['/v1/track']!.toEnvelopes({ userId: 'u1', event: 'Campaign Window Opened', properties: opened }, received);
    assert.deepEqual(!track.ok && track.issues, [
      { path: 'event', message: '"Campaign Window Opened" is written by the product (workflows/campaigns/), not sent by producers' },
    ]);
    const native = routes['/v1/events']!.toEnvelopes(
      {
        events: [{ eventId: 'e1', customerId: 'u1', type: 'Campaign Window Opened', version: 1, occurredAt: received.at, payload: opened }],
      },
      received,
    );
    assert.deepEqual(!native.ok && native.issues.map((issue) => issue.path), ['events.0.type']);
  });
  it('refuses Loyalty Tier Changed, Loyalty Milestone Reached and Loyalty Tier Review Due from producers: only the program moves a tier', () => {
    const ledger = 'the loyalty program, from the points ledger';
    const changes: [string, Record<string, unknown>, string][] = [
      ['Loyalty Tier Changed', { tier: 'gold', previous_tier: 'silver', direction: 'up', basis: 'points', qualifying: 6000 }, ledger],
      ['Loyalty Milestone Reached', { milestone: 1000, lifetime_points: 1200 }, ledger],
      ['Loyalty Tier Review Due', { tier: 'gold', held_until: received.at }, 'the tier-at-risk journey, when a tier runs out'],
    ];
    for (const [type, payload, writer] of changes) {
      const track = routes['/v1/track']!.toEnvelopes({ userId: 'u1', event: type, properties: payload }, received);
      assert.deepEqual(!track.ok && track.issues, [
        { path: 'event', message: `"${type}" is written by the product (${writer}), not sent by producers` },
      ]);
      const native = routes['/v1/events']!.toEnvelopes(
        { events: [{ eventId: 'e1', customerId: 'u1', type, version: 1, occurredAt: received.at, payload }] },
        received,
      );
      assert.deepEqual(!native.ok && native.issues.map((issue) => issue.path), ['events.0.type'], type);
    }
  });
  it('refuses Message Clicked and Message Opened from producers on every route: only a tracked link of ours records them', () => {
    const message = { journey_id: 'welcome', workflow_id: 'journey/welcome/u1/account', step: 'welcome-1', channel: 'email' };
    const engagement: [string, Record<string, unknown>][] = [
      ['Message Clicked', { ...message, url: 'https://shop.example/' }],
      ['Message Opened', message],
    ];
    for (const [type, payload] of engagement) {
      const track = routes['/v1/track']!.toEnvelopes({ userId: 'u1', event: type, properties: payload }, received);
      assert.deepEqual(!track.ok && track.issues.map((issue) => issue.path), ['event'], type);
      assert.match(!track.ok ? (track.issues[0]?.message ?? '') : '', /is written by the product \(.*(tracked link|open pixel)/);
      const batch = routes['/v1/batch']!.toEnvelopes(
        { batch: [{ type: 'track', userId: 'u1', event: type, properties: payload }] },
        received,
      );
      assert.deepEqual(!batch.ok && batch.issues.map((issue) => issue.path), ['batch.0.event'], type);
      const native = routes['/v1/events']!.toEnvelopes(
        { events: [{ eventId: 'e1', customerId: 'u1', type, version: 1, occurredAt: received.at, payload }] },
        received,
      );
      assert.deepEqual(!native.ok && native.issues.map((issue) => issue.path), ['events.0.type'], type);
    }
  });
});
