import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HouseholdsModule } from '#app/households';
import type { AppConfig } from '../config/config.js';
import { InfrastructureModule } from './infrastructure.module.js';
import { nestLogger } from './nest-logger.js';

/** The households context on the configured storage, without HTTP or GraphQL. */
@Module({})
export class HouseholdsContextModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: HouseholdsContextModule,
      imports: [InfrastructureModule.forRoot(config), HouseholdsModule],
    };
  }
}

/**
 * The command and query buses over the configured storage, initialised (projections started
 * unless PROJECTIONS=off) and serving nothing: for the CLI and tests that drive the domain
 * in-process. The API builds the same modules into an HTTP application with GraphQL on top.
 */
export function createHouseholdsContext(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(HouseholdsContextModule.forRoot(config), {
    logger: nestLogger(config),
  });
}
