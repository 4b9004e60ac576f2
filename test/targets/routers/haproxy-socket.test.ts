import { describe, expect, it } from 'vitest';
import { parseHaproxySocket } from '../../../src/shared/haproxy/runtime-api.js';

describe("where HAProxy's runtime API is", () => {
  it('reads host:port, in any of the spellings teams copy from their configuration, as TCP', () => {
    expect(parseHaproxySocket('127.0.0.1:9999')).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(parseHaproxySocket('ipv4@127.0.0.1:9999')).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(parseHaproxySocket('haproxy.staging.internal:9999')).toEqual({
      host: 'haproxy.staging.internal',
      port: 9999,
    });
    expect(parseHaproxySocket('[::1]:9999')).toEqual({ host: '::1', port: 9999 });
    expect(parseHaproxySocket('ipv6@[::1]:9999')).toEqual({ host: '::1', port: 9999 });
  });

  it('reads anything else as a unix socket path', () => {
    expect(parseHaproxySocket('/run/haproxy/admin.sock')).toEqual({ path: '/run/haproxy/admin.sock' });
    expect(parseHaproxySocket('unix@/run/haproxy/admin.sock')).toEqual({ path: '/run/haproxy/admin.sock' });
    expect(parseHaproxySocket('admin.sock')).toEqual({ path: 'admin.sock' });
    expect(parseHaproxySocket('./run/a:1')).toEqual({ path: './run/a:1' });
  });
});
