import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { sql } from 'kysely';
import { STORAGE } from './infrastructure/infrastructure.module.js';
import type { Storage } from './infrastructure/embedded-storage.js';

/** Liveness and readiness for operators: the database answers and projections keep up. */
@Controller('health')
export class HealthController {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  @Get()
  async check() {
    try {
      await sql`select 1`.execute(this.storage.sqlite.db);
      const head = await this.storage.store.headPosition();
      const runner = this.storage.runner;
      // A failure matters while events wait behind it; once caught up, it has healed.
      const lag = head - runner.position;
      const failing = runner.failure !== undefined && lag > 0;
      const body = {
        status: failing ? 'degraded' : 'ok',
        eventStore: { engine: 'sqlite', headPosition: head },
        projections: {
          running: runner.running,
          checkpoint: runner.position,
          lag,
          ...(failing && { failure: runner.failure }),
        },
      };
      if (failing) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
      return body;
    } catch (error) {
      if (error instanceof HttpException) throw error;
      throw new HttpException(
        { status: 'down', error: error instanceof Error ? error.message : String(error) },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
  }
}
