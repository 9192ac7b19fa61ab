// `paperbot start` in Slack mode when something is wrong: it says what was tried, what it means, what to check; exit 1.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../slack/fake-slack.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperbot-start-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real entry point in `cwd` with only the given environment (plus PATH), and waits for it to exit. */
function start(env: Record<string, string>, cwd = process.cwd()): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/paperbot.js'), 'start'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(dir, 'bot.db'), INDEX_CACHE_PATH: 'off', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no exit in 20 s; stderr: ${stderr}`))), 20_000);
    child.on('exit', (code) => (clearTimeout(timer), resolve({ code, stderr, stdout })));
  });
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const HTTP_MODE = { SLACK_BOT_TOKEN: 'xoxb-start-test-secret', SLACK_SIGNING_SECRET: 'start-secret', PAPERS_PATH: join(process.cwd(), 'data/papers') };

describe('start failures in Slack mode', () => {
  it('an unreachable Web API: names auth.test and the URL, points at the network and SLACK_API_URL, never the token', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/api/`;
    const run = await start({ ...HTTP_MODE, SLACK_API_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Could not reach Slack's Web API: auth.test at ${url}auth.test failed`);
    expect(run.stderr).toMatch(/Check the network.*SLACK_API_URL/);
    expect(run.stderr).not.toContain('xoxb-start-test-secret');
  });

  it('a refused token: says what Slack answered, what it means and where to get the right token', async () => {
    const fake = await new FakeSlack().start();
    fake.fail('auth.test', { error: 'invalid_auth' });
    try {
      const run = await start({ ...HTTP_MODE, SLACK_API_URL: fake.apiUrl });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Slack refused auth.test at ${fake.apiUrl}`);
      expect(run.stderr).toMatch(/invalid_auth — Slack does not accept the token\. Check SLACK_BOT_TOKEN \(OAuth & Permissions → Bot User OAuth Token/);
      expect(run.stderr).not.toContain('xoxb-start-test-secret');
    } finally {
      await fake.close();
    }
  });

  it('refuses to start with an empty library, and says why, instead of answering "No papers match" forever', async () => {
    const fake = await new FakeSlack().start();
    try {
      const missing = join(dir, 'no-such-folder');
      const run = await start({ ...HTTP_MODE, SLACK_API_URL: fake.apiUrl, PAPERS_PATH: missing });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`The library is empty: no papers could be read from PAPERS_PATH=${missing}`);
      expect(fake.calls).toHaveLength(0); // refused before connecting to Slack
    } finally {
      await fake.close();
    }
  });

  it('an empty library in the console is said at once, with the reason, and the console still runs', async () => {
    const empty = join(dir, 'empty-lab');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'notes.md'), 'not a paper file');
    const run = await start({ PAPERS_PATH: empty });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`The library is empty: no papers could be read from PAPERS_PATH=${empty}`);
    expect(run.stdout).toContain('no paper files there');
  });
});

describe('the console on a pipe whose reader left', () => {
  it('exits at once and with 0 when stdout and stderr share a pipe that closed (npm start 2>&1 | head -1), even when it has warnings to log', async () => {
    const head = spawn('head', ['-1'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/paperbot.js'), 'start'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(dir, 'pipe.db'), INDEX_CACHE_PATH: 'off', PAPERS_PATH: join(dir, 'nothing-here') },
      stdio: ['pipe', head.stdin, head.stdin],
    });
    head.stdin.destroy(); // only the child holds the pipe now; head reads one line, then goes away
    child.stdin.write('/paper robustness\n'); // and stdin stays open: only the closed output can end it
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error('still running after 10 s (spinning on EPIPE?)'))), 10_000);
      child.on('exit', (c) => (clearTimeout(timer), resolve(c)));
    });
    expect(code).toBe(0);
  });
});

describe('.env is read the same way by every entry point', () => {
  it('paperbot search reads PAPERS_PATH from .env in the working folder, as npm start does', async () => {
    const lab = join(dir, 'dotenv-lab');
    mkdirSync(join(lab, 'papers'), { recursive: true });
    writeFileSync(join(lab, 'papers', 'lab.jsonl'), `${JSON.stringify({ id: 'only-here', title: 'Zebrafish navigation with sparse rewards', abstract: 'Zebrafish learn to navigate.', authors: ['Ada Lovelace'] })}\n`);
    writeFileSync(join(lab, '.env'), `PAPERS_PATH=papers\nINDEX_CACHE_PATH=off\nDATABASE_PATH=${join(lab, 'bot.db')}\n`);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [join(process.cwd(), 'bin/paperbot.js'), 'search', 'zebrafish', '--json'], { cwd: lab, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}`))));
    });
    expect(JSON.parse(out).results.map((r: { id: string }) => r.id)).toEqual(['only-here']);
  });
});
