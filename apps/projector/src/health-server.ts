import { createServer, type Server } from 'node:http';
import type { EventStore } from '#app/event-store';
import type { Projector } from './projector.js';

export interface ProjectorHealth {
  status: 'ok' | 'degraded' | 'down';
  projector: string;
  role?: string;
  checkpoint?: number;
  headPosition?: number;
  lag?: number;
  failure?: string;
  error?: string;
}

/**
 * The projector's health: 200 while it is active and keeping up, or standing by; 503 when the
 * databases do not answer or the active runner is failing with events waiting behind it. A
 * standby is healthy: it is there to take over.
 */
export async function projectorHealth(
  id: string,
  projector: Projector,
  store: EventStore,
): Promise<{ code: number; body: ProjectorHealth }> {
  try {
    const { role, checkpoint, failure } = projector.status;
    const head = await store.headPosition();
    const stored = checkpoint ?? (await projector.storedCheckpoint());
    const lag = head - stored;
    const failing = role === 'active' && failure !== undefined && lag > 0;
    const body: ProjectorHealth = {
      status: failing ? 'degraded' : 'ok',
      projector: id,
      role,
      checkpoint: stored,
      headPosition: head,
      lag,
      ...(failing && { failure }),
    };
    return { code: failing || role === 'stopped' ? 503 : 200, body };
  } catch (error) {
    return {
      code: 503,
      body: {
        status: 'down',
        projector: id,
        error: error instanceof Error ? error.message : String(error),
      },
    };
  }
}

/** GET /health only; everything else is 404. */
export function startHealthServer(
  port: number,
  host: string,
  health: () => Promise<{ code: number; body: ProjectorHealth }>,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    void health().then(({ code, body }) => {
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
