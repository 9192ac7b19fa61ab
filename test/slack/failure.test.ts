// classifySlackError: one classification (instanceof on @slack/web-api's and Bolt's error classes) for listeners and digests.
import { MultipleListenerError, RespondError, webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { failureText } from '../../src/blocks/failure-text.ts';
import { classifySlackError } from '../../src/slack/failure.ts';

const platform = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });
const socket = (code: string) => new webApi.WebAPIRequestError(Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code }));
const text = (err: unknown) => failureText(classifySlackError(err));

describe('classifySlackError', () => {
  it('maps Slack errors users can act on to short advice, and pauses digests on the ones a channel can fix', () => {
    expect(classifySlackError(platform('not_in_channel'))).toMatchObject({ code: 'not_in_channel', internal: false, pause: true, certainlyNotDone: true, retryable: false });
    expect(text(platform('not_in_channel'))).toMatch(/\/invite @paperbot/);
    expect(text(platform('channel_not_found'))).toMatch(/can't see that channel/);
    expect(text(platform('weird_new_error'))).toMatch(/weird_new_error/);
    expect(classifySlackError(platform('weird_new_error')).pause).toBe(false);
  });

  it('reports rate limits with Retry-After seconds, from the WebClient and from respond(); both are retried', () => {
    const limited = new webApi.WebAPIRateLimitedError(42);
    expect(classifySlackError(limited)).toMatchObject({ code: 'ratelimited', retryAfter: 42, certainlyNotDone: true, retryable: true });
    expect(text(limited)).toBe('Slack is rate-limiting me, try again in 42 s.');
    const respond429 = new RespondError('Failed to respond', 429);
    expect(classifySlackError(respond429).code).toBe('ratelimited');
    expect(classifySlackError(platform('ratelimited'))).toMatchObject({ certainlyNotDone: true, retryable: true });
  });

  it('retries only what Slack certainly did not act on: a refused connection yes; a 5xx, a reset or a timeout never', () => {
    expect(classifySlackError(socket('ECONNREFUSED'))).toMatchObject({ code: 'connection_refused', certainlyNotDone: true, retryable: true });
    expect(classifySlackError(socket('ECONNRESET'))).toMatchObject({ code: 'network', certainlyNotDone: false, retryable: false });
    expect(classifySlackError(socket('ECONNABORTED'))).toMatchObject({ code: 'timeout', certainlyNotDone: false, retryable: false });
    expect(classifySlackError(new webApi.WebAPIHTTPError(503, 'Service Unavailable', {}))).toMatchObject({ code: 'http_503', certainlyNotDone: false, retryable: false });
    expect(classifySlackError(platform('internal_error'))).toMatchObject({ retryable: false });
    expect(text(socket('ECONNRESET'))).toMatch(/couldn't reach Slack/);
  });

  it('treats unknown errors as internal, scrubs tokens from the detail, and unwraps multiple-listener errors', () => {
    const bug = classifySlackError(new TypeError('boom with xoxb-1234-abcd inside'));
    expect(bug).toMatchObject({ code: 'internal', internal: true });
    expect(bug.detail).not.toContain('xoxb-1234');
    expect(text(new TypeError('x'))).toMatch(/went wrong on my side/);
    const multi = new MultipleListenerError([platform('is_archived'), new Error('x')]);
    expect(classifySlackError(multi).code).toBe('is_archived');
  });

  it('does not mistake a look-alike object for a Slack error (classes, not string codes)', () => {
    expect(classifySlackError({ code: 'slack_webapi_platform_error', data: { error: 'not_in_channel' } }).code).toBe('internal');
  });
});
