// Recognises "the database is not answering" (PostgreSQL down or restarting, SQLite locked for too long), so a request
// that needs the database gets a short answer instead of "something went wrong", and decorations can be skipped.
import { DatabaseBusyError, isBusy } from './database.ts';

/** node-postgres and socket codes of a connection that failed or was cut: the server is down, restarting or unreachable. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection/i;

export function isStoreUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseBusyError || isBusy(err)) return true;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown[] } | undefined;
  if (typeof e?.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  if (typeof e?.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  // An AggregateError (one per address tried) when every connection attempt failed.
  return Array.isArray(e?.errors) && e.errors.some(isStoreUnavailable);
}
