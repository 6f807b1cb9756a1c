import type { INestApplicationContext } from '@nestjs/common';
import { ConfigError, createHouseholdsContext, loadConfig } from '#app/runtime';
import { CommandError, type CliIo } from './command.js';

/**
 * The households context the API serves, on the data directory: the same configuration, storage
 * and buses, initialised, with no HTTP or GraphQL.
 */
export async function bootApp(dataDir: string, io: CliIo): Promise<INestApplicationContext> {
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
  return createHouseholdsContext(config);
}
