// The tests' Slack: the console's loopback Web API plus what only tests need: every call recorded, and methods
// made to fail on purpose with a Slack error (`{ok:false,error}`), HTTP 429 + Retry-After
// (https://docs.slack.dev/apis/web-api/rate-limits), another status, or no answer at all (`hang`: the caller cannot
// know whether Slack acted).
import type { ServerResponse } from 'node:http';
import { LoopbackWebApi, sendJson, type PostedMessage, type RecordedCall } from '../../src/slack/loopback-web-api.ts';

export type { LoopbackWebApiOptions, PostedMessage, RecordedCall } from '../../src/slack/loopback-web-api.ts';

/** How a method should fail: a Slack error code (HTTP 200, ok:false) or an HTTP status (429 adds Retry-After). */
export interface Failure {
  error?: string;
  status?: number;
  /** Seconds for the Retry-After header of a 429. Default 30. */
  retryAfter?: number;
  /** Read the request, record it, and never answer (until close()): a Slack that hangs mid-request. */
  hang?: boolean;
  /** How many calls fail before the method works again. Default: every call until `clearFailures()`. */
  times?: number;
}

export class FakeSlack extends LoopbackWebApi {
  /** Every call, oldest first. */
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<string, Failure & { left: number }>();

  constructor(...args: ConstructorParameters<typeof LoopbackWebApi>) {
    super(...args);
    this.on('call', (call: RecordedCall) => this.calls.push(call));
  }

  /** Makes `method` (or `response_url`) fail; see Failure. */
  fail(method: string, failure: Failure): void {
    this.failures.set(method, { ...failure, left: failure.times ?? Infinity });
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** Calls of one method, oldest first. */
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Every message posted so far, in order (what a user could have seen). */
  messages(): PostedMessage[] {
    return this.calls.flatMap((c) => c.posted ?? []);
  }

  protected override intercept(call: RecordedCall, res: ServerResponse): boolean {
    const failure = this.failures.get(call.method);
    if (!failure || failure.left <= 0) return false;
    failure.left -= 1;
    if (failure.hang) {
      call.error = 'hang';
      return true;
    }
    if (failure.status) {
      call.status = failure.status;
      call.error = failure.status === 429 ? 'ratelimited' : `http_${failure.status}`;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.status === 429) headers['retry-after'] = String(failure.retryAfter ?? 30);
      sendJson(res, failure.status, { ok: false, error: call.error }, headers);
      return true;
    }
    call.error = failure.error ?? 'fatal_error';
    sendJson(res, 200, { ok: false, error: call.error });
    return true;
  }
}
