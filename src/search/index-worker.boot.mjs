// Starts the index worker (index-worker.ts) in its thread: TypeScript is loaded through tsx, as bin/paperbot.js does.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./index-worker.ts', import.meta.url).href);
