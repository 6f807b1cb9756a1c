import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { nestLogger, type AppConfig } from '#app/runtime';
import { AppModule } from './app.module.js';

const closing = new WeakSet<INestApplication>();

/**
 * Stop taking requests and let those in flight finish first; only then stop GraphQL, finish the
 * projection batch in progress and close the database (app.close runs those hooks in order).
 */
export async function shutdown(app: INestApplication): Promise<void> {
  closing.add(app);
  const server = app.getHttpServer() as Server;
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  await drained;
  clearTimeout(force);
  await app.close();
}

/** Builds the API application (not yet listening); used by main.ts and the e2e tests. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: nestLogger(config),
    bodyParser: false,
  });
  app.use(express.json({ limit: config.bodyLimit }));
  app.use(requestBodyErrors);
  // While draining, every answer closes its connection, so keep-alive clients move on.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    if (closing.has(app)) res.setHeader('Connection', 'close');
    next();
  });
  return app;
}

/** Body-parser failures answer in GraphQL's error shape instead of an HTML page or a 500. */
function requestBodyErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = error as { type?: string; status?: number; limit?: number };
  if (e?.type === 'entity.too.large') {
    res.status(413).json({
      errors: [
        {
          message: `请求体过大（上限 ${e.limit} 字节）`,
          extensions: { code: 'PAYLOAD_TOO_LARGE' },
        },
      ],
    });
    return;
  }
  if (e?.type === 'entity.parse.failed') {
    res.status(400).json({
      errors: [{ message: '请求体不是合法的 JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
    return;
  }
  // Other body-parser refusals (unsupported charset or encoding, aborted upload): still 4xx.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    res.status(e.status).json({
      errors: [
        { message: '请求无法解析，请以 UTF-8 JSON 发送', extensions: { code: 'BAD_REQUEST' } },
      ],
    });
    return;
  }
  next(error);
}
