import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadAreaFile } from './area-file.js';

const dir = mkdtempSync(join(tmpdir(), 'areas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('loadAreaFile', () => {
  it('names counties, townships and villages by code', () => {
    const areas = loadAreaFile(
      file('ok.json', JSON.stringify({ '431023': '永兴县', '431023100': ' 便江街道 ' })),
    );
    expect(areas.nameOf('431023')).toBe('永兴县');
    expect(areas.nameOf('431023100')).toBe('便江街道');
    expect(areas.nameOf('431023101')).toBeUndefined();
  });

  it('refuses a file that is not a map of valid codes to names', () => {
    expect(() => loadAreaFile(join(dir, 'missing.json'))).toThrow('cannot be read');
    expect(() => loadAreaFile(file('list.json', '["431023"]'))).toThrow('JSON object');
    expect(() => loadAreaFile(file('code.json', '{"4310": "x"}'))).toThrow('6, 9 or 12 digit');
    expect(() => loadAreaFile(file('name.json', '{"431023": ""}'))).toThrow('non-empty string');
  });
});
