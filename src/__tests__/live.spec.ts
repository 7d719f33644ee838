import { LiveAnalysis, LiveOutcome } from '../live';

/** A request whose answer the test releases by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (e: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
};

describe('LiveAnalysis', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('analyses once, 500 ms after the last of several quick edits', async () => {
    let calls = 0;
    const live = new LiveAnalysis({ analyse: async () => ++calls });
    const seen: LiveOutcome<number>[] = [];
    live.done.connect((_, outcome) => seen.push(outcome));
    live.schedule();
    jest.advanceTimersByTime(300);
    live.schedule();
    jest.advanceTimersByTime(499);
    expect(calls).toBe(0);
    jest.advanceTimersByTime(1);
    await flush();
    expect(calls).toBe(1);
    expect(seen).toEqual([{ ok: true, value: 1 }]);
  });

  it('drops a slow answer that arrives after a newer one', async () => {
    const answers = [deferred<string>(), deferred<string>()];
    let call = 0;
    const live = new LiveAnalysis({ analyse: () => answers[call++].promise });
    const seen: string[] = [];
    live.done.connect((_, outcome) => seen.push(outcome.ok ? outcome.value : 'error'));
    void live.runNow();
    void live.runNow();
    answers[1].resolve('new');
    await flush();
    answers[0].resolve('old');
    await flush();
    expect(seen).toEqual(['new']);
  });

  it('reports a failed request as an outcome, and cancel drops what is pending', async () => {
    const answer = deferred<string>();
    const live = new LiveAnalysis({ analyse: () => answer.promise });
    const seen: LiveOutcome<string>[] = [];
    live.done.connect((_, outcome) => seen.push(outcome));
    void live.runNow();
    answer.reject(new Error('server unreachable'));
    await flush();
    expect(seen).toHaveLength(1);
    expect(seen[0].ok).toBe(false);

    live.schedule();
    live.cancel();
    jest.advanceTimersByTime(1000);
    await flush();
    expect(seen).toHaveLength(1);
  });
});
