import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger, type INestApplication } from '@nestjs/common';
import { createApp } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('Main');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log({ message: 'shutting down', signal });
      shutdown(app).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ message: 'shutdown failed', error: String(error) });
          process.exit(1);
        },
      );
    });
  }
  logger.log({
    message: 'poverty monitor API ready',
    graphql: `http://localhost:${config.port}/graphql`,
    health: `http://localhost:${config.port}/health`,
    dataDir: config.dataDir,
  });
}

/**
 * Stop taking requests and let those in flight finish first; only then stop GraphQL, finish the
 * projection batch in progress and close the database (app.close runs those hooks in order).
 */
async function shutdown(app: INestApplication): Promise<void> {
  const server = app.getHttpServer() as Server;
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  await drained;
  clearTimeout(force);
  await app.close();
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : error;
  console.error(message);
  process.exit(1);
});
