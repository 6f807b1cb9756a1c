import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { readableBatches } from './readable-batches.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function objectStream(): PassThrough {
  return new PassThrough({ objectMode: true });
}

describe('readableBatches', () => {
  it('batches what is buffered, at most `size` at a time, in order', async () => {
    const source = objectStream();
    for (let i = 1; i <= 7; i++) source.write(i);
    source.end();
    const batches: number[][] = [];
    for await (const batch of readableBatches<number>(source, 3, new AbortController().signal)) {
      batches.push(batch);
    }
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('waits for items when nothing is buffered and delivers them as they come', async () => {
    const source = objectStream();
    const batches: number[][] = [];
    const consuming = (async () => {
      for await (const batch of readableBatches<number>(source, 10, new AbortController().signal)) {
        batches.push(batch);
      }
    })();
    await tick();
    expect(batches).toEqual([]);
    source.write(1);
    await tick();
    source.write(2);
    source.write(3);
    await tick();
    source.end();
    await consuming;
    expect(batches.flat()).toEqual([1, 2, 3]);
    expect(batches[0]).toEqual([1]);
  });

  it('reads nothing more while the consumer is busy with a batch', async () => {
    const source = objectStream();
    source.write('a');
    const iterator = readableBatches<string>(source, 5, new AbortController().signal);
    expect((await iterator.next()).value).toEqual(['a']);
    // The consumer holds the batch; items written meanwhile wait in the stream's buffer.
    source.write('b');
    source.write('c');
    await tick();
    expect(source.readableLength).toBe(2);
    expect((await iterator.next()).value).toEqual(['b', 'c']);
    await iterator.return();
  });

  it("throws the stream's error", async () => {
    const source = objectStream();
    const failure = new Error('connection reset');
    const consuming = (async () => {
      for await (const _batch of readableBatches(source, 2, new AbortController().signal)) {
        // nothing to do
      }
    })();
    await tick();
    source.emit('error', failure);
    await expect(consuming).rejects.toBe(failure);
  });

  it('returns when the signal aborts, even while waiting', async () => {
    const source = objectStream();
    const abort = new AbortController();
    const consuming = (async () => {
      const seen: unknown[] = [];
      for await (const batch of readableBatches(source, 2, abort.signal)) seen.push(...batch);
      return seen;
    })();
    await tick();
    abort.abort();
    await expect(consuming).resolves.toEqual([]);
    expect(source.listenerCount('readable')).toBe(0);
    expect(source.listenerCount('error')).toBe(0);
  });
});
