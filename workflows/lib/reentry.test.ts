import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entryKey } from './reentry.ts';

const DAY = 86_400_000;
const at = (now: number, entries?: { count: number; lastAt: number }) => ({ triggerKey: 'cart-9', entries, now, timeScale: 1 });

describe('re-entry rules', () => {
  it('once-per-key: the trigger key names the entry, so each cart enters once', () => {
    assert.equal(entryKey('once-per-key', at(0, { count: 4, lastAt: 0 })), 'cart-9');
  });

  it('once: the first entry only', () => {
    assert.equal(entryKey('once', at(0)), 'once');
    assert.equal(entryKey('once', at(100 * DAY, { count: 1, lastAt: 0 })), null);
  });

  it('cooldown: again only after it, each entry under its own key, up to maxEntries', () => {
    const rule = { cooldown: '30 days', maxEntries: 3 } as const;
    assert.equal(entryKey(rule, at(0)), 'entry-1');
    assert.equal(entryKey(rule, at(29 * DAY, { count: 1, lastAt: 0 })), null);
    assert.equal(entryKey(rule, at(30 * DAY, { count: 1, lastAt: 0 })), 'entry-2');
    assert.equal(entryKey(rule, at(400 * DAY, { count: 3, lastAt: 0 })), null);
    assert.equal(entryKey({ cooldown: '30 days' }, at(4000 * DAY, { count: 99, lastAt: 0 })), 'entry-100');
  });

  it('scales the cooldown like every journey duration', () => {
    assert.equal(entryKey({ cooldown: '1 day' }, { ...at(2_000, { count: 1, lastAt: 0 }), timeScale: 1 / 3600 }), null);
    assert.equal(entryKey({ cooldown: '1 day' }, { ...at(24_000, { count: 1, lastAt: 0 }), timeScale: 1 / 3600 }), 'entry-2');
  });
});
