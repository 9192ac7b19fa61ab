// The one place errors are handled: a global middleware that logs each request and tells the user what failed.
//
// Every command, mention, DM and button click passes through here: duplicates (Slack retries) are dropped, the
// handler runs counted as in flight, one structured log line records the outcome with took_ms, and any error
// reaches the user as a short message (respond() for commands/actions, an ephemeral or DM reply for events).
// Listeners therefore contain no try/catch of their own.
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import type { Log } from '../log.ts';
import type { SeenEvents } from '../store/seen-events.ts';
import { failureText } from '../blocks/failure-text.ts';
import { noteModalView } from '../blocks/home.ts';
import { classifySlackError, type SlackFailure } from './failure.ts';
import type { InFlight } from './in-flight.ts';
import { describeIncoming, type Incoming } from './incoming.ts';

export interface BoundaryOptions {
  log: Log;
  inflight: InFlight;
  /**
   * Seen event_ids and click trigger_ids: EventDedupe (one process) or SqliteEventDedupe (replicas sharing a database
   * file). Its TTL (10 minutes) covers the signature window (5 minutes either way), so a replay within it is caught.
   */
  dedupe: SeenEvents;
}

type Args = AnyMiddlewareArgs & AllMiddlewareArgs & { respond?: RespondFn };

export function errorBoundary({ log, inflight, dedupe }: BoundaryOptions): Middleware<AnyMiddlewareArgs> {
  return async (raw) => {
    const args = raw as Args;
    const incoming = describeIncoming(args.body as Record<string, any>);
    const fields = logFields(incoming, args.context.retryNum);
    if (incoming.eventId && (await dedupe.isDuplicate(incoming.eventId))) {
      // Bolt has already acknowledged the event (HTTP 200 / Socket Mode ack), so Slack stops retrying.
      log.info({ ...fields, outcome: 'duplicate' }, 'Slack retry ignored: this event was already handled');
      return;
    }
    if (incoming.replayKey && (await dedupe.isDuplicate(incoming.replayKey))) {
      // A copy of a click already answered (a replayed request: Slack never resends a click). Its listener would
      // have acked it; it gets the same empty 200, and nothing runs twice (a Share would post twice).
      await (args as { ack?: () => Promise<void> }).ack?.();
      log.info({ ...fields, outcome: 'duplicate' }, 'replayed click ignored: this trigger_id was already answered');
      return;
    }
    await inflight.run(async () => {
      const started = performance.now();
      try {
        await args.next();
        log.info({ ...fields, outcome: 'answered', took_ms: ms(started) }, `${incoming.event} ${incoming.name} answered`);
      } catch (err) {
        const failure = classifySlackError(err);
        log.error(
          { ...fields, outcome: 'failed', error: failure.code, retry_after: failure.retryAfter, took_ms: ms(started), ...(failure.internal && err instanceof Error ? { stack: err.stack } : {}) },
          `${incoming.event} ${incoming.name} failed: ${failure.detail}`,
        );
        await tellUser(args, incoming, failure, log);
      }
    });
  };
}

/** The structured context every request log line carries (never the text, never a token). */
export function logFields(incoming: Incoming, retryNum?: number): Record<string, unknown> {
  return {
    event: incoming.event,
    name: incoming.name,
    user: incoming.user,
    channel: incoming.channel,
    event_id: incoming.eventId,
    retry_num: retryNum,
    text_length: incoming.textLength,
  };
}

/**
 * Gets the failure to the person who asked. Commands and actions have a response_url (respond(), ephemeral);
 * events do not, so a mention gets an ephemeral note in its thread and a DM gets a DM. If that fails too
 * (respond() rate-limited, say), chat.postEphemeral is tried once; after that the log line is all there is.
 */
async function tellUser(args: Args, incoming: Incoming, failure: SlackFailure, log: Log): Promise<void> {
  const text = `:warning: ${failureText(failure)}`;
  const attempts: Array<() => Promise<unknown>> = [];
  if (args.respond) attempts.push(() => args.respond!({ response_type: 'ephemeral', replace_original: false, text }));
  if (incoming.event === 'dm' && incoming.channel) attempts.push(() => args.client.chat.postMessage({ channel: incoming.channel!, text }));
  if (incoming.channel && incoming.user) {
    attempts.push(() => args.client.chat.postEphemeral({ channel: incoming.channel!, user: incoming.user!, text, ...(incoming.threadTs ? { thread_ts: incoming.threadTs } : {}) }));
  }
  // A click in the App Home or a modal has neither a response_url nor a channel: a small modal is the only way to
  // answer it (its trigger_id is good for 3 seconds, and only if the handler did not use it already).
  const body = args.body as { trigger_id?: string; view?: unknown };
  if (!attempts.length && body.trigger_id && body.view) {
    attempts.push(() => args.client.views.open({ trigger_id: body.trigger_id!, view: noteModalView('paperbot', text) as any }));
  }
  for (const attempt of attempts.slice(0, 2)) {
    try {
      await attempt();
      return;
    } catch (err) {
      log.warn({ ...logFields(incoming), error: classifySlackError(err).code }, 'could not tell the user about the failure');
    }
  }
}

function ms(started: number): number {
  return Math.round(performance.now() - started);
}
