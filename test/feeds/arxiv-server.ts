// A loopback stand-in for export.arxiv.org/api/query: serves the fixture pages by `start`, records requests.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

export class ArxivFake {
  readonly requests: URL[] = [];
  /** When set, every request gets HTTP 400 and the API's error feed. */
  failing = false;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      this.requests.push(url);
      if (this.failing) {
        res.writeHead(400, { 'content-type': 'application/atom+xml' });
        return res.end(fixture('error.xml'));
      }
      const start = Number(url.searchParams.get('start') ?? 0);
      res.writeHead(200, { 'content-type': 'application/atom+xml' });
      res.end(start === 0 ? fixture('page1.xml') : fixture('page2.xml'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
