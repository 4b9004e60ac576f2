import { describe, expect, it } from 'vitest';
import { everyStep } from '../../src/util/every-step.js';

describe('everyStep', () => {
  it('runs the steps after a failing one, in order, then throws the first failure', async () => {
    const ran: string[] = [];
    const failing = (name: string) => async () => {
      ran.push(name);
      throw new Error(name);
    };
    await expect(
      everyStep([failing('controller'), () => (ran.push('middle'), undefined), failing('toxiproxy')]),
    ).rejects.toThrow('controller');
    expect(ran).toEqual(['controller', 'middle', 'toxiproxy']);
  });

  it('resolves when every step did', async () => {
    const ran: number[] = [];
    await everyStep([async () => ran.push(1), async () => ran.push(2)]);
    expect(ran).toEqual([1, 2]);
  });
});
