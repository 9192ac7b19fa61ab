// `/paper trends <query> [share]`: the counts, a chart PNG uploaded with files.uploadV2 (DM, the channel, or a temp file
// in the console), and the ephemeral answer that says where it went or why it could not be uploaded.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { webApi } from '@slack/bolt';
import { trendsMessage, type ChartDelivery } from '../blocks/trends.ts';
import type { Message } from '../blocks/message.ts';
import { renderTrendChart } from '../trends/chart.ts';
import { computeTrend } from '../trends/trend.ts';
import { cutQuery, stillIndexing } from './answers.ts';
import { classifySlackError } from '../slack/failure.ts';
import type { Services } from './services.ts';

export interface TrendsRequest {
  words: string;
  /** Post the chart in `channel` instead of the asker's DM. */
  share: boolean;
  channel: string;
  userId: string;
  client: webApi.WebClient;
}

export async function trendsAnswer(services: Services, req: TrendsRequest): Promise<Message> {
  if (!services.health.ready) return stillIndexing();
  const query = cutQuery(req.words).query;
  const trend = computeTrend(services.index, query);
  if (!query || trend.matched === 0) return trendsMessage(trend, { kind: 'none' });
  if (!trend.labels.length) return trendsMessage(trend, { kind: 'none' });
  const png = await renderTrendChart(trend);
  const filename = `trends-${query.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 40) || 'query'}.png`;
  let delivery: ChartDelivery;
  if (services.config?.mode === 'console') {
    // The console's Slack is a loopback: the useful place for the PNG is a file the person can open.
    const path = join(tmpdir(), `paperbot-${Date.now()}-${filename}`);
    writeFileSync(path, png);
    delivery = { kind: 'file', path };
  } else {
    try {
      const channel = req.share ? req.channel : await dmChannel(req.client, req.userId);
      await req.client.filesUploadV2({ channel_id: channel, file: png, filename, title: `Papers matching "${query.slice(0, 100)}" per ${trend.unit}`, alt_text: `Bar chart of papers per ${trend.unit}` });
      delivery = req.share ? { kind: 'channel', channel } : { kind: 'dm' };
    } catch (err) {
      const error = slackError(err);
      services.log.warn({ event: 'trends_upload_failed', error, share: req.share }, 'trend chart upload failed; answering with the sparkline');
      delivery = { kind: 'failed', error };
    }
  }
  return trendsMessage(trend, delivery);
}

/** The asker's DM with the bot (conversations.open answers the existing one). */
export async function dmChannel(client: webApi.WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const id = opened.channel?.id;
  if (!id) throw Object.assign(new Error('conversations.open gave no channel'), { data: { error: 'channel_not_found' } });
  return id;
}

/** The Slack error code of a failed call (`missing_scope`, `not_in_channel`, `ratelimited`, …): src/slack/failure.ts. */
export function slackError(err: unknown): string {
  return classifySlackError(err).code;
}
