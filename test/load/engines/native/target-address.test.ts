import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/errors.js';
import { targetAddress } from '../../../../src/load/engines/native/target-address.js';

describe('targetAddress', () => {
  it('splits a base URL into socket address, Host header and path prefix', () => {
    expect(targetAddress('http://127.0.0.1:8080')).toEqual({
      origin: 'http://127.0.0.1:8080',
      endpoint: { host: '127.0.0.1', port: 8080, tls: false },
      host: '127.0.0.1:8080',
      basePath: '',
    });
    expect(targetAddress('http://127.0.0.1:8080/gw//').basePath).toBe('/gw');
  });

  it('fills in the default port and unbrackets an IPv6 literal for the socket only', () => {
    expect(targetAddress('https://[::1]/v1-proxy')).toMatchObject({
      endpoint: { host: '::1', port: 443, tls: true },
      host: '[::1]',
      basePath: '/v1-proxy',
    });
    expect(targetAddress('http://localhost').endpoint).toEqual({ host: 'localhost', port: 80, tls: false });
  });

  it('rejects what is not an http(s) URL with an input error', () => {
    expect(() => targetAddress('127.0.0.1:8080')).toThrow(InputError);
    expect(() => targetAddress('ftp://127.0.0.1/')).toThrow(/http:\/\/ or https:\/\//);
  });
});
