import { describe, expect, it } from '@jest/globals';
import { KeyedMutex, LockTimeoutError } from './keyed-mutex.js';

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

  it('reports a failure at once, keeps only the keys holdOnError names until it settles', async () => {
    const mutex = new KeyedMutex();
    let settle!: () => void;
    const until = new Promise<void>((r) => (settle = r));
    await expect(
      mutex.run(['household', 'person'], () => Promise.reject(new Error('late projection')), {
        holdOnError: () => ({ keys: ['person'], until }),
      }),
    ).rejects.toThrow('late projection');
    await expect(mutex.run(['household'], async () => 'household free')).resolves.toBe(
      'household free',
    );
    let next = false;
    const waiting = mutex.run(['person'], async () => (next = true));
    await tick();
    expect(next).toBe(false);
    settle();
    await waiting;
    expect(next).toBe(true);
  });

  it('gives up waiting after waitMs with LockTimeoutError, and the queue still moves on', async () => {
    const mutex = new KeyedMutex();
    let releaseFirst!: () => void;
    const first = mutex.run(['a'], () => new Promise<void>((r) => (releaseFirst = r)));
    await tick();
    await expect(mutex.run(['a'], async () => 'never', { waitMs: 20 })).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    const third = mutex.run(['a'], async () => 'third ran');
    releaseFirst();
    await first;
    await expect(third).resolves.toBe('third ran');
  });

  it('releases the keys after a failure when nothing asks to hold them', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run(['a'], () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(mutex.run(['a'], async () => 'free')).resolves.toBe('free');
  });
});
