import { ConfigError } from './config-error.js';

/**
 * An integer environment variable within [min, max], or undefined when it is unset or empty (the
 * caller picks the default). Anything else stops start-up with a message naming the variable.
 */
export function envInt(
  env: NodeJS.ProcessEnv,
  name: string,
  { min, max }: { min: number; max: number },
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}
