import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../apps/api/src/config.js';
import { STORAGE } from '../../apps/api/src/infrastructure/infrastructure.module.js';
import type { Storage } from '../../apps/api/src/infrastructure/embedded-storage.js';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

/** A booted API on a fresh SQLite file, listening on loopback, spoken to over real HTTP. */
export class TestApp {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    readonly dataDir: string,
  ) {}

  static async start(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
    const dataDir = mkdtempSync(join(tmpdir(), 'pm-e2e-'));
    const config = { ...loadConfig({ LOG_LEVEL: 'fatal' }), dataDir, port: 0, ...overrides };
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    return new TestApp(app, `http://127.0.0.1:${address.port}`, dataDir);
  }

  async gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: res.status, ...body };
  }

  /** Sends a mutation that must succeed and returns its data. */
  async ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await this.gql<T>(query, variables);
    if (res.errors) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data as T;
  }

  async eventCount(): Promise<number> {
    return this.app.get<Storage>(STORAGE).store.headPosition();
  }

  get storage(): Storage {
    return this.app.get<Storage>(STORAGE);
  }

  async stop(): Promise<void> {
    await this.app.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
