// Every subcommand parses its flags through one helper: a mistake is one line in paperbot's words, exit 2.
import { describe, expect, it, vi } from 'vitest';
import { cli } from './run-cli.ts';

describe('flag mistakes', () => {
  // Each is rejected before any corpus, database or Slack is touched.
  const commands = [
    ['search', 'robustness'],
    ['similar', 'some-paper'],
    ['corpus', 'check'],
    ['digest', 'preview', 'C0123ABCD'],
    ['start'],
  ];

  it.each(commands)('%s: an unknown option is one line naming it, not Node\'s parser message', async (name, ...rest) => {
    const res = await cli(name, ...rest, '--foo');
    expect(res.code).toBe(2);
    expect(res.err).toBe(`paperbot ${name}: unknown option --foo (see paperbot help)\n`);
    expect(res.out).toBe('');
  });

  it('start takes no arguments: a typo is not silently ignored', async () => {
    const res = await cli('start', 'console');
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/^paperbot start: start takes no arguments \(got "console"\)/);
  });

  it('names a short option, a missing value and a value given to a switch', async () => {
    expect((await cli('search', 'x', '-q')).err).toBe('paperbot search: unknown option -q (see paperbot help)\n');
    expect((await cli('search', 'x', '--foo=1')).err).toBe('paperbot search: unknown option --foo (see paperbot help)\n');
    expect((await cli('similar', 'x', '--limit')).err).toBe('paperbot similar: --limit needs a value (see paperbot help)\n');
    expect((await cli('search', 'x', '-n')).err).toBe('paperbot search: --limit needs a value (see paperbot help)\n');
    expect((await cli('corpus', 'check', '--json=yes')).err).toBe('paperbot corpus: --json takes no value (see paperbot help)\n');
  });

  it('still takes a positional starting with "-" after "--"', async () => {
    const res = await cli('corpus', 'check', '--json', '--', '-no-such-file');
    expect(res.code).toBe(1);
    expect(JSON.parse(res.out).issues[0]).toMatchObject({ file: '-no-such-file', message: 'no such file or folder' });
  });
});

describe('configuration mistakes', () => {
  it('a command that needs the configuration says what to set in one line, not a stack trace', async () => {
    vi.stubEnv('PORT', 'not-a-port');
    try {
      const res = await cli('corpus', 'enrich');
      expect(res.code).toBe(1);
      expect(res.err).toMatch(/^paperbot corpus: Configuration problem:\n- PORT must be a whole number/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
