// Readiness of the bot (is the corpus indexed?) and the GET /healthz route that reports it.
import type { CustomRoute } from '@slack/bolt';

export class Health {
  /** False until the corpus is loaded and indexed; listeners answer "still indexing" meanwhile. */
  ready = false;
  papers = 0;
  private readonly startedAt = Date.now();

  markReady(papers: number): void {
    this.papers = papers;
    this.ready = true;
  }

  /** GET /healthz: 200 once indexed, 503 before (so a load balancer holds traffic until then). */
  route(path = '/healthz'): CustomRoute {
    return {
      path,
      method: ['GET'],
      handler: (_req, res) => {
        const body = { status: this.ready ? 'ok' : 'indexing', papers: this.papers, uptime_s: Math.round((Date.now() - this.startedAt) / 1000) };
        res.writeHead(this.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      },
    };
  }
}
