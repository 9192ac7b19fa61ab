import { describe, expect, it } from 'vitest';
import { ErrorCode, webApi } from '@slack/bolt';
import { describeFailure } from '../../src/slack/failure.ts';

const platform = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: webApi.ErrorCode.PlatformError, data: { ok: false, error } });

describe('describeFailure', () => {
  it('maps Slack errors users can act on to short advice', () => {
    expect(describeFailure(platform('not_in_channel'))).toMatchObject({ code: 'not_in_channel', internal: false, userText: expect.stringMatching(/\/invite @paperbot/) });
    expect(describeFailure(platform('channel_not_found')).userText).toMatch(/can't see that channel/);
    expect(describeFailure(platform('weird_new_error')).userText).toMatch(/weird_new_error/);
  });

  it('reports rate limits with Retry-After seconds, from the WebClient and from respond()', () => {
    const limited = Object.assign(new Error('rate limited'), { code: webApi.ErrorCode.RateLimitedError, retryAfter: 42 });
    expect(describeFailure(limited)).toMatchObject({ code: 'ratelimited', retryAfter: 42, userText: 'Slack is rate-limiting me, try again in 42 s.' });
    const respond429 = Object.assign(new Error('Failed to respond'), { code: ErrorCode.RespondError, statusCode: 429 });
    expect(describeFailure(respond429).code).toBe('ratelimited');
  });

  it('treats unknown errors as internal, scrubs tokens from the detail, and unwraps multiple-listener errors', () => {
    const bug = describeFailure(new TypeError('boom with xoxb-1234-abcd inside'));
    expect(bug).toMatchObject({ code: 'internal', internal: true });
    expect(bug.detail).not.toContain('xoxb-1234');
    const multi = Object.assign(new Error('multiple'), { code: ErrorCode.MultipleListenerError, originals: [platform('is_archived'), new Error('x')] });
    expect(describeFailure(multi).code).toBe('is_archived');
  });
});
