/** The part of an object-mode Readable this needs; a KurrentDB subscription is one. */
export interface BatchSource {
  read(): unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}

/**
 * Turns an object-mode Readable (a KurrentDB subscription) into batches: each batch holds what is
 * already buffered, up to `size`, and waits only when nothing is. While the consumer works on a
 * batch nothing is read, so the stream's buffer fills and gRPC flow control holds the server
 * back: a slow handler gets back-pressure, not an unbounded queue.
 *
 * Ends when the stream ends or `signal` aborts; throws the stream's error.
 */
export async function* readableBatches<T>(
  source: BatchSource,
  size: number,
  signal: AbortSignal,
): AsyncGenerator<T[], void, undefined> {
  let ended = false;
  let failed = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const onChange = () => wake?.();
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  const onError = (error: unknown) => {
    failed = true;
    failure = error;
    wake?.();
  };
  source.on('readable', onChange);
  source.on('end', onEnd);
  source.on('close', onEnd);
  source.on('error', onError);
  signal.addEventListener('abort', onChange);
  try {
    for (;;) {
      if (failed) throw failure;
      if (signal.aborted) return;
      const batch: T[] = [];
      while (batch.length < size) {
        const item = source.read() as T | null;
        if (item === null) break;
        batch.push(item);
      }
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (ended) return;
      // No await between the empty read above and this line, so no event can slip past.
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    source.off('readable', onChange);
    source.off('end', onEnd);
    source.off('close', onEnd);
    source.off('error', onError);
    signal.removeEventListener('abort', onChange);
  }
}
