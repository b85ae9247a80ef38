/** The operator CLI's command line, run as operators run it; `--help` and refusals need no server. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { journeys } from '../../test/support/journeys-cli.ts';

describe('journeys command line', () => {
  it('prints every command on --help and exits 0', async () => {
    const { code, stdout, stderr } = await journeys('--help');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^usage: journeys <command>/);
    for (const command of [
      'dev',
      'migrate',
      'demo [--exit]',
      'dlq redrive',
      'projections rebuild',
      'journey pause <journey id>',
      'journey disable <journey id>',
      'journey set <journey id> [<name>=<value>...] [--reset <reset>]',
      'customer show <customer id>',
      'loyalty show <customer id>',
      'segments show <segment id>',
      'coupons status <pool>',
    ]) {
      assert.ok(stdout.includes(`  ${command} `) || stdout.includes(`  ${command}\n`), `${command} is listed`);
    }
  });

  it("prints a subcommand's usage on --help and exits 0", async () => {
    const { code, stdout } = await journeys('journey', 'pause', '--help');
    assert.equal(code, 0);
    assert.match(stdout, /^usage: journeys journey pause <journey id>\n/);
  });

  it('exits 2 naming the missing argument, with the usage, when journey pause has no id', async () => {
    const { code, stdout, stderr } = await journeys('journey', 'pause');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^journeys journey pause: missing <journey id>\n\nusage: journeys journey pause <journey id>\n/);
  });

  it('exits 2 naming an unknown segment and the known ones, before connecting to anything', async () => {
    const { code, stdout, stderr } = await journeys('segments', 'show', 'no-such-segment');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(
      stderr,
      /^journeys segments show: unknown segment "no-such-segment" \(segments: .*bought-last-3-months, .*, high-value, .*\)\n\nusage: /,
    );
    const limit = await journeys('segments', 'show', 'high-value', '--limit', 'ten');
    assert.equal(limit.code, 2);
    assert.match(limit.stderr, /^journeys segments show: --limit must be a whole number above 0, not "ten"\n/);
  });

  it('exits 2 on a report for an unknown journey, a window that is not days, or an unknown format, before connecting to anything', async () => {
    const unknown = await journeys('report', 'no-such-journey');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^journeys report: no journey "no-such-journey"; the journeys: cart-abandonment, welcome, .*\n/);
    for (const window of ['60', '12h', 'two months']) {
      const wrong = await journeys('report', 'welcome', '--window', window);
      assert.equal(wrong.code, 2, window);
      assert.match(wrong.stderr, /--window must be a number of days such as 60d/);
    }
    const format = await journeys('report', 'welcome', '--format', 'xml');
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be table, json or csv, not "xml"/);
  });

  it('exits 2 naming an unknown campaign and the known ones, or a day that is not one, before connecting to anything', async () => {
    const unknown = await journeys('campaigns', 'open', 'no-such-campaign');
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^journeys campaigns open: unknown campaign "no-such-campaign" \(campaigns: fete-des-meres, .*boxing-day.*\)\n/,
    );
    const stop = await journeys('campaigns', 'stop', 'no-such-campaign');
    assert.equal(stop.code, 2);
    for (const date of ['2027-02-30', 'tomorrow']) {
      const wrong = await journeys('campaigns', 'open', 'boxing-day', '--date', date);
      assert.equal(wrong.code, 2, date);
      assert.match(wrong.stderr, new RegExp(`^journeys campaigns open: --date must be a day such as 2027-05-23, not "${date}"\n`));
    }
  });

  it("exits 2 naming a journey's unknown parameter or a value it cannot take, before connecting to anything", async () => {
    const unknown = await journeys('journey', 'set', 'win-back', 'postcardMinPredictedValue=80', 'nope=1');
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^journeys journey set: win-back has no parameter "nope" \(its parameters: defaultLatencyDays, postcardMinPredictedValue, couponPool\)\n/,
    );
    const negative = await journeys('journey', 'set', 'win-back', 'defaultLatencyDays=-3');
    assert.match(
      negative.stderr,
      /^journeys journey set: defaultLatencyDays takes a number of at least 1 \(digits, at most 6 decimals\), not "-3"\n/,
    );
    const journey = await journeys('journey', 'disable', 'no-such-journey');
    assert.equal(journey.code, 2);
    assert.match(journey.stderr, /^journeys journey disable: unknown journey "no-such-journey" \(journeys: cart-abandonment, welcome, /);
  });

  it('exits 2 naming an unknown command, with the list of commands', async () => {
    const { code, stderr } = await journeys('frobnicate');
    assert.equal(code, 2);
    assert.match(stderr, /^journeys: unknown command "frobnicate"\n\nusage: journeys <command>/);
  });

  it('exits 2 naming an unknown subcommand', async () => {
    const { code, stderr } = await journeys('dlq', 'purge');
    assert.equal(code, 2);
    assert.match(stderr, /^journeys dlq: unknown subcommand "purge" \(list, redrive\)\n/);
  });

  it('exits 2 naming an unknown option, with the usage of the command it was given to', async () => {
    const { code, stderr } = await journeys('demo', '--foo');
    assert.equal(code, 2);
    assert.match(stderr, /^journeys demo: unknown option --foo\n\nusage: journeys demo \[--exit\]\n/);
  });

  it('exits 2 naming an unknown journey to apologise for, and the known ones, before connecting to anything', async () => {
    const { code, stdout, stderr } = await journeys('journey', 'apologize', 'no-such-journey', 'reminder-1');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(
      stderr,
      /^journeys journey apologize: unknown journey "no-such-journey" \(journeys: cart-abandonment, .*oops-apology.*\)\n\nusage: journeys journey apologize <journey id> <step> \[--dry-run\] \[--since <since>\] \[--customer <customer>\]\n/,
    );
    const missingStep = await journeys('journey', 'apologize', 'cart-abandonment');
    assert.equal(missingStep.code, 2);
    assert.match(missingStep.stderr, /^journeys journey apologize: missing <step>\n/);
  });

  it('says in the usage of journey apologize that running it again sends nobody a second apology', async () => {
    const { code, stdout } = await journeys('journey', 'apologize', '--help');
    assert.equal(code, 0);
    assert.match(stdout, /Idempotent: running it again sends nobody\sa second apology/);
  });
});
