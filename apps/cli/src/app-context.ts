import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../api/src/bootstrap.js';
import { ConfigError, loadConfig } from '../../api/src/config.js';
import { CommandError, type CliIo } from './command.js';

/** The API's own application on the data directory, initialised but not listening. */
export async function bootApp(dataDir: string, io: CliIo): Promise<INestApplication> {
  let config;
  try {
    config = loadConfig({
      ...io.env,
      DATA_DIR: dataDir,
      // Nest's start-up lines would scroll the progress bar away; warnings still show.
      LOG_LEVEL: io.env.LOG_LEVEL ?? 'warn',
      LOG_FORMAT: io.env.LOG_FORMAT ?? 'text',
    });
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CommandError(`配置错误 / configuration error: ${error.message}`);
    throw error;
  }
  const app = await createApp(config);
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
