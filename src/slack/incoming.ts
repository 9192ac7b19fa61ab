// Names what Slack sent (command, mention, DM, action) with its user and channel, for logs and error replies.

/** The log context of one incoming request. No message text: queries can be private. */
export interface Incoming {
  /** `command`, `mention`, `dm`, `action` or `event`. */
  event: 'command' | 'mention' | 'dm' | 'action' | 'event';
  /** `/paper`, an action_id, or an event type. */
  name: string;
  user?: string;
  channel?: string;
  /** Thread of a mention (thread_ts ?? ts): error replies go there too. */
  threadTs?: string;
  eventId?: string;
  /**
   * An interactive payload's identity: its trigger_id (one per click), else the action's action_ts and the user.
   * A replay of the same signed click carries the same one (the signature window lets a copy in for 5 minutes).
   */
  replayKey?: string;
  /** Length of the query text, when there is one (big inputs show up in the log without their content). */
  textLength?: number;
}

export function describeIncoming(body: Record<string, any>): Incoming {
  if (typeof body.command === 'string') {
    return { event: 'command', name: body.command, user: body.user_id, channel: body.channel_id, textLength: String(body.text ?? '').length };
  }
  if (body.type === 'block_actions') {
    return { event: 'action', name: body.actions?.[0]?.action_id ?? 'unknown', user: body.user?.id, channel: body.channel?.id ?? body.container?.channel_id, replayKey: replayKey(body) };
  }
  if (body.type === 'event_callback' && body.event) {
    const ev = body.event;
    const base = { user: ev.user, channel: ev.channel, eventId: body.event_id, textLength: typeof ev.text === 'string' ? ev.text.length : undefined };
    if (ev.type === 'app_mention') return { event: 'mention', name: ev.type, threadTs: ev.thread_ts ?? ev.ts, ...base };
    if (ev.type === 'message' && ev.channel_type === 'im') return { event: 'dm', name: ev.subtype ? `message.${ev.subtype}` : 'message.im', ...base };
    return { event: 'event', name: ev.type, ...base };
  }
  return { event: 'event', name: String(body.type ?? 'unknown') };
}

function replayKey(body: Record<string, any>): string | undefined {
  if (typeof body.trigger_id === 'string' && body.trigger_id) return `trigger:${body.trigger_id}`;
  const ts = body.actions?.[0]?.action_ts;
  return typeof ts === 'string' && typeof body.user?.id === 'string' ? `action:${body.user.id}:${ts}` : undefined;
}
