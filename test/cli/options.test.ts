import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseHost } from '../../src/cli/options.js';

describe('--host', () => {
  it('accepts any host name or address: where greenlight listens is the user’s call', () => {
    for (const host of ['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1', 'staging-router.internal', 'gpu-7'])
      expect(parseHost(host)).toBe(host);
  });

  it('refuses what is no host at all, saying what was expected', () => {
    for (const host of ['', 'two words', 'http://127.0.0.1', '-dash', 'under_score.example'])
      expect(() => parseHost(host), host).toThrow(InvalidArgumentError);
    expect(() => parseHost('a b')).toThrow(/expected a host name or IP address/);
  });
});
