import { digestReplies } from '../../src/blocks/digest-replies.ts';
import { describe, expect, it } from 'vitest';
import { DigestInputError, parseDigestCommand, parseTime } from '../../src/digests/command-parser.ts';

const fails = (text: string) => {
  try {
    parseDigestCommand(text);
  } catch (err) {
    expect(err).toBeInstanceOf(DigestInputError);
    return (err as Error).message;
  }
  throw new Error(`expected "${text}" to be refused`);
};

describe('parseDigestCommand', () => {
  it('reads add with no options (paper of the day, defaults left to the service)', () => {
    expect(parseDigestCommand('add')).toEqual({ kind: 'add', topic: '', notifyEmpty: false });
  });

  it('reads every add option in any order, the rest being the topic', () => {
    expect(parseDigestCommand('add adversarial robustness at 17:30 tz europe/berlin daily count 5 notify-empty')).toEqual({
      kind: 'add',
      topic: 'adversarial robustness',
      time: '17:30',
      timezone: 'Europe/Berlin',
      days: 'daily',
      count: 5,
      notifyEmpty: true,
    });
    expect(parseDigestCommand('add count 1 weekdays at 7am graph neural nets')).toMatchObject({ topic: 'graph neural nets', time: '07:00', count: 1, days: 'weekdays' });
  });

  it('keeps "at" and "count" as topic words when no number follows', () => {
    expect(parseDigestCommand('add attacks at scale')).toMatchObject({ topic: 'attacks at scale' });
    expect(parseDigestCommand('add count data')).toMatchObject({ topic: 'count data' });
  });

  it('explains invalid times', () => {
    expect(fails('add robustness at 25:00')).toMatch(/"25:00" isn't a time of day.*00:00 to 23:59/);
    expect(fails('add at 9:75')).toMatch(/9:75/);
    expect(fails('add at 13pm')).toMatch(/13pm/);
    expect(fails('add robustness at')).toMatch(/`at` needs a time/);
  });

  it('explains unknown zones', () => {
    expect(fails('add tz Mars/Base')).toMatch(/Unknown time zone "Mars\/Base".*America\/New_York/);
    expect(fails('add robustness tz')).toMatch(/needs a time zone/);
  });

  it('says the allowed range for count', () => {
    for (const bad of ['0', '50', '11', '-1', '2.5']) expect(fails(`add count ${bad}`)).toMatch(/from 1 to 10/);
    expect(fails('add robustness count')).toMatch(/from 1 to 10/);
  });

  it('escapes what it quotes back when the reply is rendered (src/blocks)', () => {
    let err: DigestInputError | undefined;
    try {
      parseDigestCommand('add tz <!channel>');
    } catch (e) {
      err = e as DigestInputError;
    }
    expect(err?.got).toBe('<!channel>');
    const reply = digestReplies.inputError(err!.template, err!.got).text;
    expect(reply).toContain('"&lt;!channel&gt;"');
    expect(reply).not.toContain('<!channel>');
  });

  it('refuses overlong topics', () => {
    expect(fails(`add ${'word '.repeat(60)}`)).toMatch(/keep it under 200/);
  });

  it('reads list, remove, resume and preview; anything else is help', () => {
    expect(parseDigestCommand('list')).toEqual({ kind: 'list' });
    expect(parseDigestCommand('remove 3')).toEqual({ kind: 'remove', target: '3' });
    expect(parseDigestCommand('remove adversarial robustness')).toEqual({ kind: 'remove', target: 'adversarial robustness' });
    expect(parseDigestCommand('resume #4')).toEqual({ kind: 'resume', target: '#4' });
    expect(parseDigestCommand('preview')).toEqual({ kind: 'preview', target: '' });
    expect(parseDigestCommand('frobnicate')).toEqual({ kind: 'help' });
    expect(parseDigestCommand('')).toEqual({ kind: 'help' });
    expect(fails('remove')).toMatch(/Say which digest/);
    expect(fails('resume')).toMatch(/Say which digest/);
  });

  it('parses times', () => {
    expect(parseTime('9')).toBe('09:00');
    expect(parseTime('09:05')).toBe('09:05');
    expect(parseTime('12am')).toBe('00:00');
    expect(parseTime('12:30pm')).toBe('12:30');
    expect(parseTime('24:00')).toBeUndefined();
  });
});
