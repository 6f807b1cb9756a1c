import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { envInt } from './env-int.js';

const RANGE = { min: 10, max: 100 };

describe('envInt', () => {
  it('leaves the default to the caller when the variable is unset or empty', () => {
    expect(envInt({}, 'LIMIT', RANGE)).toBeUndefined();
    expect(envInt({ LIMIT: '' }, 'LIMIT', RANGE)).toBeUndefined();
  });

  it('reads an integer within the bounds, both ends included', () => {
    expect(envInt({ LIMIT: '10' }, 'LIMIT', RANGE)).toBe(10);
    expect(envInt({ LIMIT: '100' }, 'LIMIT', RANGE)).toBe(100);
  });

  it.each(['9', '101', '12.5', 'ten', '-'])(
    'refuses "%s" with a message naming the variable and its bounds',
    (raw) => {
      const read = () => envInt({ LIMIT: raw }, 'LIMIT', RANGE);
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(`LIMIT must be an integer between 10 and 100, got "${raw}"`);
    },
  );
});
