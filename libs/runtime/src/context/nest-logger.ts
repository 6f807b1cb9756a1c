import { ConsoleLogger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';

/** The log format and levels LOG_FORMAT and LOG_LEVEL ask for: every process logs alike. */
export function nestLogger(config: AppConfig, context?: string): ConsoleLogger {
  const options = {
    json: config.logFormat === 'json',
    logLevels: config.logLevels,
    colors: config.logFormat === 'text',
  };
  return context === undefined ? new ConsoleLogger(options) : new ConsoleLogger(context, options);
}
