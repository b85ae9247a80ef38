/** A journey's parameters: stored values that fit are used, anything else falls back to the default; operators' input is checked. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseParameterAssignment, resolveParameters, type ParameterSpecs } from './journey-parameters.ts';

const specs = {
  delayDays: { default: 3, about: 'days', min: 1 },
  pool: { default: 'win-back', about: 'a coupon pool' },
  postcard: { default: true, about: 'send the postcard' },
} satisfies ParameterSpecs;

describe('journey parameters', () => {
  it('takes each stored value that fits, the default for the rest', () => {
    assert.deepEqual(resolveParameters(specs, { delayDays: 5, pool: 'wb-fr' }), { delayDays: 5, pool: 'wb-fr', postcard: true });
    assert.deepEqual(resolveParameters(specs, {}), { delayDays: 3, pool: 'win-back', postcard: true });
    assert.deepEqual(resolveParameters(undefined, { delayDays: 5 }), {});
  });

  it('never hands the journey a stored value of another type, out of range, or for a dropped parameter', () => {
    const resolved = resolveParameters(specs, { delayDays: '5', pool: 7, postcard: 'yes', gone: 1 });
    assert.deepEqual(resolved, { delayDays: 3, pool: 'win-back', postcard: true });
    assert.equal(resolveParameters(specs, { delayDays: 0 }).delayDays, 3, 'below its minimum');
    assert.equal(resolveParameters(specs, { delayDays: Number.NaN }).delayDays, 3);
    assert.equal(resolveParameters(specs, { delayDays: 1e21 }).delayDays, 3, 'a number no duration can hold');
  });

  it("reads an operator's name=value by the parameter's type", () => {
    assert.deepEqual(parseParameterAssignment('j', specs, 'delayDays=4.5'), ['delayDays', 4.5]);
    assert.deepEqual(parseParameterAssignment('j', specs, 'pool=sorry=10'), ['pool', 'sorry=10']);
    assert.deepEqual(parseParameterAssignment('j', specs, 'postcard=false'), ['postcard', false]);
  });

  it('refuses what it cannot store, naming the problem', () => {
    assert.throws(() => parseParameterAssignment('j', specs, 'delayDays'), /"delayDays" is not <name>=<value>/);
    assert.throws(
      () => parseParameterAssignment('j', specs, 'nope=1'),
      /j has no parameter "nope" \(its parameters: delayDays, pool, postcard\)/,
    );
    assert.throws(() => parseParameterAssignment('j', {}, 'nope=1'), /it has none/);
    assert.throws(
      () => parseParameterAssignment('j', specs, 'delayDays=0'),
      /delayDays takes a number of at least 1 \(digits, at most 6 decimals\), not "0"/,
    );
    assert.throws(() => parseParameterAssignment('j', specs, 'delayDays=1e21'), /takes a number/, 'no duration reads 1e+21 days');
    assert.throws(() => parseParameterAssignment('j', specs, 'delayDays=0.0000001'), /takes a number/);
    assert.throws(() => parseParameterAssignment('j', specs, 'delayDays=soon'), /takes a number/);
    assert.throws(() => parseParameterAssignment('j', specs, 'delayDays='), /takes a number/);
    assert.throws(() => parseParameterAssignment('j', specs, 'postcard=yes'), /postcard takes true or false, not "yes"/);
    assert.throws(() => parseParameterAssignment('j', specs, 'pool= '), /pool takes a non-empty text/);
  });
});
