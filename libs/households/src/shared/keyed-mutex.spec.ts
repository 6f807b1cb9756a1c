import { describe, expect, it } from '@jest/globals';
import { KeyedMutex } from './keyed-mutex.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedMutex', () => {
  it('runs work on the same key one at a time, in arrival order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const job = (name: string) =>
      mutex.run(['a'], async () => {
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
      });
    await Promise.all([job('1'), job('2'), job('3')]);
    expect(log).toEqual(['1 start', '1 end', '2 start', '2 end', '3 start', '3 end']);
  });

  it('lets work on other keys run meanwhile, and takes overlapping key sets without deadlock', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let releaseA!: () => void;
    const a = mutex.run(['a'], () => new Promise<void>((r) => (releaseA = r)));
    await tick();
    await mutex.run(['b'], async () => log.push('b ran while a is held'));
    const both = [
      mutex.run(['b', 'a'], async () => log.push('ab')),
      mutex.run(['a', 'b'], async () => log.push('ba')),
    ];
    await tick();
    expect(log).toEqual(['b ran while a is held']);
    releaseA();
    await a;
    await Promise.all(both);
    expect(log).toEqual(['b ran while a is held', 'ab', 'ba']);
  });

  it('reports a failure at once but keeps the keys held until holdOnError settles', async () => {
    const mutex = new KeyedMutex();
    let settle!: () => void;
    const hold = new Promise<void>((r) => (settle = r));
    await expect(
      mutex.run(
        ['a'],
        () => Promise.reject(new Error('late projection')),
        () => hold,
      ),
    ).rejects.toThrow('late projection');
    let next = false;
    const waiting = mutex.run(['a'], async () => (next = true));
    await tick();
    expect(next).toBe(false);
    settle();
    await waiting;
    expect(next).toBe(true);
  });

  it('releases the keys after a failure when nothing asks to hold them', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run(['a'], () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(mutex.run(['a'], async () => 'free')).resolves.toBe('free');
  });
});
