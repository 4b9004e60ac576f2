import { describe, expect, it } from 'vitest';
import { ResponseHeaderObserver } from '../../../src/targets/routers/response-header.js';
import { bucket, T0 } from '../../support/journal-fixture.js';

function feed(observer: ResponseHeaderObserver, second: number, blue: number, green: number): void {
  observer.onJournalEvent(bucket({ second, colour: 'blue', requests: blue }));
  observer.onJournalEvent(bucket({ second, colour: 'green', requests: green }));
}

describe('response-header observer (split learned from the per-colour buckets)', () => {
  it('reports the split, then a switch dated to the first second green got nothing', async () => {
    const observer = new ResponseHeaderObserver();
    await expect(observer.observe()).rejects.toThrow('no responses seen yet');
    feed(observer, 0, 9, 11);
    feed(observer, 1, 10, 10);
    // 21 of 40 responses came from green.
    expect(await observer.observe()).toEqual({ active: 'split', weights: { blue: 47, green: 53 } });
    // One quiet second is not enough: it could be chance on a random router.
    feed(observer, 2, 20, 0);
    expect((await observer.observe()).active).toBe('split');
    feed(observer, 3, 20, 0);
    expect(await observer.observe()).toEqual({
      active: 'blue',
      weights: { blue: 100, green: 0 },
      changedAt: T0 + 2000,
    });
  });

  it('ignores seconds with too little traffic to tell, and buckets of no colour', async () => {
    const observer = new ResponseHeaderObserver();
    feed(observer, 0, 10, 10);
    feed(observer, 1, 10, 10);
    expect((await observer.observe()).active).toBe('split');
    observer.onJournalEvent(bucket({ second: 2, colour: 'unknown', requests: 50 }));
    feed(observer, 2, 2, 0);
    feed(observer, 3, 1, 0);
    expect((await observer.observe()).active).toBe('split');
  });
});
