import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '#app/runtime';
import { createApp, shutdown } from './bootstrap.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('Main');
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // A repeated signal (a supervisor and a terminal both sending one) must not cut the drain
    // short; SIGKILL remains for a shutdown that hangs.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
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

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : error;
  console.error(message);
  process.exit(1);
});
