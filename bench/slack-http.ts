// What the benchmarks that drive a real bot over HTTP share: a free port for it, and Slack's request signature.
import { createHmac } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';

/** A loopback port nothing listens on now (the bot's PORT). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise((ok) => server.close(ok));
  return port;
}

/** The headers of a request Slack signed with `secret` now (https://docs.slack.dev/authentication/verifying-requests-from-slack). */
export function slackSignature(secret: string, body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}` };
}
