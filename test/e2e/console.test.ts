// End to end for the local console: typed lines go through the console receiver, Bolt and the loopback Web API.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMessage } from '../../src/blocks/index.ts';
import { loadConfig } from '../../src/config.ts';
import { createLog } from '../../src/log.ts';
import { startPaperbot, type Paperbot } from '../../src/app.ts';
import { waitFor } from './slack-requests.ts';

// Never the user's data/: the database and the index snapshots live in a temp folder (the shipped papers are only read).
let dir: string;
let scratch: { DATABASE_PATH: string; INDEX_CACHE_PATH: string };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-console-'));
  scratch = { DATABASE_PATH: join(dir, 'paperbot.db'), INDEX_CACHE_PATH: join(dir, 'cache') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local console', () => {
  let bot: Paperbot | undefined;
  afterAll(async () => {
    await bot?.shutdown.run('test');
  });

  it('searches, clicks a button by number, answers a mention in a thread and a DM, and ends at EOF', async () => {
    const input = new PassThrough();
    let out = '';
    const output = new Writable({
      write(chunk, _e, cb) {
        out += String(chunk);
        cb();
      },
    });
    const config = loadConfig({ PAPERS_PATH: 'data/papers', ...scratch });
    expect(config.mode).toBe('console');
    const log = createLog('warn', new PassThrough());
    bot = await startPaperbot({ config, log, input, output, exit: () => {} });
    const posted: Array<{ message: { text: string; blocks?: unknown[] } }> = [];
    bot.loopback!.on('post', (m) => posted.push(m));
    expect(out).toContain('/paper robustness');

    input.write('/paper robustness\n');
    await waitFor(() => out.includes('(only visible to you)') && out.includes('[4] BibTeX'));
    expect(out).toMatch(/papers? for robustness/); // piped: bold as plain words, not *robustness*

    const mark = out.length;
    input.write('1\n');
    await waitFor(() => out.slice(mark).includes('(updated in place)'));
    expect(out.slice(mark)).toContain('[1] Hide abstract');

    const mark2 = out.length;
    input.write('4\n');
    await waitFor(() => out.slice(mark2).includes('@'));
    expect(out.slice(mark2)).toMatch(/@\w+\{/); // the BibTeX entry

    const mark3 = out.length;
    input.write('@paperbot backdoor attacks\n');
    await waitFor(() => out.slice(mark3).includes('(in this console, in thread)'));
    expect(out.slice(mark3)).toMatch(/^@you \d+ papers? for backdoor attacks$/m);

    const mark4 = out.length;
    input.write('99\n');
    await waitFor(() => out.slice(mark4).includes('There is no button [99]'));

    input.end('subpopulation shift\n');
    await bot.console!.ended;
    expect(out.slice(mark4)).toContain('(in a direct message)');
    expect(out).toMatch(/BREEDS/);
    // Read as a person would: no ids, no raw emoji names or mrkdwn marks, no line wider than the 80 columns of a pipe.
    expect(out).not.toMatch(/[UCD]CONSOLE|:[a-z_]+:|\*\w/);
    for (const line of out.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(posted.length).toBeGreaterThan(0);
    for (const m of posted) expect(checkMessage(m.message as any)).toEqual([]);
  });

  it('on a terminal: bold as ANSI, lines wrapped at words to its width, and a prompt', async () => {
    const input = new PassThrough();
    let out = '';
    const terminal = Object.assign(
      new Writable({
        write(chunk, _e, cb) {
          out += String(chunk);
          cb();
        },
      }),
      { isTTY: true, columns: 50 },
    );
    const config = loadConfig({ PAPERS_PATH: 'data/papers', ...scratch });
    const tty = await startPaperbot({ config, log: createLog('warn', new PassThrough()), input, output: terminal, exit: () => {} });
    try {
      input.end('/paper backdoor attacks\n');
      await tty.console!.ended;
      expect(out).toContain('\n> ');
      expect(out).toContain('papers for \x1b[1mbackdoor attacks\x1b[22m');
      const lines = out.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(50);
      // Wrapped at spaces: every word of the first card's title survives whole on some line.
      expect(lines.some((l) => l.startsWith('Spectral Signatures in Backdoor Attacks'))).toBe(true);
      expect(lines).toContain('[1] Show abstract  [2] More like this');
    } finally {
      await tty.shutdown.run('test');
    }
  });

  it('`npm start` with piped stdin prints results and exits 0 at EOF', async () => {
    const child = spawn(process.execPath, ['bin/paperbot.js', 'start'], {
      env: { ...process.env, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', PAPERS_PATH: 'data/papers', LOG_LEVEL: 'info', ...scratch },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end('/paper robustness\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/papers? for robustness/);
    expect(stdout).toContain('[1] Show abstract');
  });

  // `printf '/paper robustness\n' | npm start | head -1`: once the reader of stdout is gone, the console has no one to
  // talk to. It used to log the EPIPE as an uncaught exception and wait for more input, or (with stderr closed too,
  // as with `2>&1 | head -1`) spin at 100% CPU logging the error of logging the error, deaf to SIGTERM.
  for (const closeStderr of [false, true]) {
    it(`exits at once, quietly and with 0 when its output closes early${closeStderr ? ' (stderr closed too)' : ''}`, async () => {
      const child = spawn(process.execPath, ['bin/paperbot.js', 'start'], {
        env: { ...process.env, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', PAPERS_PATH: 'data/papers', ...scratch },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let timer: NodeJS.Timeout | undefined;
      try {
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
        // Like `head -1`: read until the first line of the banner, then close our end. stdin stays open (a person
        // typing), so only the closed output can end the process; the line sent next makes it write into the closed pipe.
        await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
        child.stdout.destroy();
        if (closeStderr) child.stderr.destroy();
        child.stdin.write('/paper robustness\n');
        const end = await Promise.race([exited, new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 10_000)))]);
        expect(end).toEqual({ code: 0, signal: null });
        expect(stderr).toBe('');
      } finally {
        clearTimeout(timer);
        child.kill('SIGKILL');
      }
    });
  }

  it('a configuration mistake prints what to set and exits 1', async () => {
    const child = spawn(process.execPath, ['bin/paperbot.js', 'start'], { env: { ...process.env, ...scratch, SLACK_APP_TOKEN: 'not-an-app-token', SLACK_BOT_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/SLACK_APP_TOKEN must be an app-level token/);
    expect(stderr).toMatch(/SLACK_BOT_TOKEN is required/);
  });
});
