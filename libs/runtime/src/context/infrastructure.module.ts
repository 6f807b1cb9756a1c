import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AREA_REGISTRY,
  CLOCK,
  EMPTY_AREA_REGISTRY,
  loadAreaFile,
  EVENT_STORE,
  loadPolicyFile,
  POLICY_BOOK,
  READ_DB,
  READ_MODEL_SYNC,
  systemClock,
} from '#app/households';
import type { AppConfig } from '../config/config.js';
import { openStorage, type Storage } from '../storage/storage.js';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const STORAGE = Symbol('STORAGE');

/**
 * Binds the households ports to the configured storage (embedded SQLite by default) and runs the
 * projections inline unless PROJECTIONS=off leaves them to a projector.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Storage');

  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  static forRoot(config: AppConfig): DynamicModule {
    const runnerLogger = new Logger('Projections');
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: STORAGE,
          useFactory: () =>
            openStorage(config, {
              log: (message, context) => runnerLogger.log({ message, ...context }),
              error: (message, context) => runnerLogger.error({ message, ...context }),
            }),
        },
        { provide: EVENT_STORE, useFactory: (s: Storage) => s.store, inject: [STORAGE] },
        { provide: READ_DB, useFactory: (s: Storage) => s.readDb, inject: [STORAGE] },
        {
          provide: READ_MODEL_SYNC,
          useFactory: (s: Storage) => ({
            waitFor: (position: number, timeoutMs?: number) =>
              s.sync.waitFor(position, timeoutMs ?? config.readYourWritesTimeoutMs),
          }),
          inject: [STORAGE],
        },
        { provide: CLOCK, useFactory: () => systemClock(config.timeZone) },
        { provide: POLICY_BOOK, useFactory: () => loadPolicyFile(config.policyFile) },
        {
          provide: AREA_REGISTRY,
          useFactory: () =>
            config.areaFile === null ? EMPTY_AREA_REGISTRY : loadAreaFile(config.areaFile),
        },
      ],
      exports: [
        APP_CONFIG,
        STORAGE,
        EVENT_STORE,
        READ_DB,
        READ_MODEL_SYNC,
        CLOCK,
        POLICY_BOOK,
        AREA_REGISTRY,
      ],
    };
  }

  onApplicationBootstrap(): void {
    const { runner, engines } = this.storage;
    if (runner === null) {
      this.logger.log({ message: 'projections off: a projector keeps the read models', engines });
      return;
    }
    runner.start();
    this.logger.log({ message: 'projections started', engines, checkpoint: runner.position });
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log({
      message: 'shutting down: finishing the projection batch in progress',
      signal,
    });
    await this.storage.close();
    this.logger.log({ message: 'storage closed', checkpoint: this.storage.runner?.position });
  }
}
