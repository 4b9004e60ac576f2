import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { prometheusUrl } from '../../src/metrics/prometheus.js';

describe('the Prometheus URL', () => {
  it('is taken as given, on any host (nothing is sent here)', () => {
    for (const url of ['http://127.0.0.1:9090', 'https://prometheus.staging.example:9090/prom', 'http://[::1]:9090'])
      expect(prometheusUrl(url, 'prometheus.url')).toBe(url);
  });

  it('must be an http(s) URL; the message names where it came from', () => {
    for (const url of ['127.0.0.1:9090', 'ftp://127.0.0.1/', 'not a url'])
      expect(() => prometheusUrl(url, 'PROMETHEUS_URL'), url).toThrow(InputError);
    expect(() => prometheusUrl('nope', 'PROMETHEUS_URL')).toThrow(/^PROMETHEUS_URL: expected an http\(s\) URL/);
  });
});
