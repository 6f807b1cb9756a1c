import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { loadConfig } from '#app/runtime';
import { createApp } from './bootstrap.js';

/** The SDL of the code-first schema, as committed in schema.gql. */
export async function printApiSchema(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'schema-'));
  const app = await createApp({ ...loadConfig({ LOG_LEVEL: 'error' }), dataDir });
  try {
    await app.init();
    const { schema } = app.get(GraphQLSchemaHost);
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('print-schema.js')) {
  const out = process.argv[2] ?? 'schema.gql';
  printApiSchema()
    .then((sdl) => {
      writeFileSync(out, sdl);
      console.log(`wrote ${out}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
