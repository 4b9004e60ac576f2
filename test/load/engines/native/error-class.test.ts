import { describe, expect, it } from 'vitest';
import { classifyTransportError } from '../../../../src/load/engines/native/error-class.js';

const withCode = (code: string, options?: ErrorOptions): Error => Object.assign(new Error(code, options), { code });

describe('classifyTransportError', () => {
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['EHOSTUNREACH', 'other'],
  ])('maps %s to %s', (code, errorClass) => {
    expect(classifyTransportError(withCode(code))).toBe(errorClass);
  });

  it('looks through causes and aggregate errors', () => {
    expect(classifyTransportError(new Error('fetch failed', { cause: withCode('ECONNRESET') }))).toBe('reset');
    expect(classifyTransportError(new AggregateError([withCode('ECONNREFUSED')], 'all failed'))).toBe('refused');
    expect(classifyTransportError('not an error')).toBe('other');
  });
});
