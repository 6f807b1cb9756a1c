import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { sql } from 'kysely';
import { readCheckpoint } from '#app/event-store';
import { STORAGE, type Storage } from '#app/runtime';

/** Liveness and readiness for operators: the databases answer and projections keep up. */
@Controller('health')
export class HealthController {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  @Get()
  async check() {
    try {
      const { engines, runner, readDb, store } = this.storage;
      await sql`select 1`.execute(readDb);
      const head = await store.headPosition();
      const eventStore = { engine: engines.eventStore, headPosition: head };
      const readModels = { engine: engines.readModels };
      if (runner === null) {
        // A projector runs the projections; its checkpoint is what this instance's reads see.
        const checkpoint = await readCheckpoint(readDb);
        return {
          status: 'ok',
          eventStore,
          readModels,
          projections: { mode: 'off', checkpoint, lag: head - checkpoint },
        };
      }
      // A failure matters while events wait behind it; once caught up, it has healed.
      const lag = head - runner.position;
      const failing = runner.failure !== undefined && lag > 0;
      const body = {
        status: failing ? 'degraded' : 'ok',
        eventStore,
        readModels,
        projections: {
          mode: 'inline',
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
