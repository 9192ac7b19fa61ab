#!/usr/bin/env node
// The `paperbot` command: reads .env (every subcommand sees the same configuration), loads the TypeScript sources
// through tsx and hands over to the CLI.
import { config as loadDotenv } from 'dotenv';
import { register } from 'tsx/esm/api';

// Values already in the environment win over .env (dotenv's rule), so `PAPERS_PATH=… npm start` still works.
loadDotenv({ quiet: true });
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
