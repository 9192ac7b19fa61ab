#!/usr/bin/env node
// The `paperbot` command: reads .env (every subcommand sees the same configuration), loads the TypeScript sources
// through tsx and hands over to the CLI.

// Catch SIGTERM and SIGINT first thing, before any import (dotenv and tsx load below): while the sources load and
// `start` opens the database, no handler of the bot's own is in place yet, and the signal's default action would end
// the process at once (exit 143) with the database open. The command acts on what was caught (src/cli/io.ts,
// EarlySignals). Only Node's own start-up (~50 ms) comes before this.
const received = [];
const catchSignal = (signal) => received.push(signal);
process.on('SIGTERM', catchSignal);
process.on('SIGINT', catchSignal);
const early = {
  received,
  release: () => {
    process.off('SIGTERM', catchSignal);
    process.off('SIGINT', catchSignal);
  },
};

const { config: loadDotenv } = await import('dotenv');
const { register } = await import('tsx/esm/api');
// Values already in the environment win over .env (dotenv's rule), so `PAPERS_PATH=… npm start` still works.
loadDotenv({ quiet: true });
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, early });
