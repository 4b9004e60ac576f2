import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/errors.js';
import { targetAddress } from '../../../../src/load/engines/native/target-address.js';

describe('targetAddress', () => {
  it('splits a base URL into origin and path prefix', () => {
    expect(targetAddress('http://127.0.0.1:8080')).toEqual({ origin: 'http://127.0.0.1:8080', basePath: '' });
    expect(targetAddress('http://127.0.0.1:8080/gw//')).toEqual({ origin: 'http://127.0.0.1:8080', basePath: '/gw' });
  });

  it('rejects what is not an http(s) URL with an input error', () => {
    expect(() => targetAddress('127.0.0.1:8080')).toThrow(InputError);
    expect(() => targetAddress('ftp://127.0.0.1/')).toThrow(/http:\/\/ or https:\/\//);
  });
});
