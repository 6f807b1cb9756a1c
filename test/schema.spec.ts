import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { printApiSchema } from '../apps/api/src/print-schema.js';

describe('the committed GraphQL schema', () => {
  it('matches the schema the code builds (run `npm run schema` after changing the API)', async () => {
    const committed = readFileSync('schema.gql', 'utf8');
    expect(await printApiSchema()).toBe(committed);
  });
});
