import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { discoverComposeParts } from '../../../src/targets/compose/discover.js';

/**
 * Discovery of services on bridge networks, by their published ports. The daemon here runs with
 * --bridge=none, so no container can publish a port: this is the one place the Engine is a FAKE,
 * answering listContainers with what Docker lists for such a project.
 */
function fakeEngine(containers: Partial<Docker.ContainerInfo>[]): Docker {
  return { listContainers: () => Promise.resolve(containers) } as unknown as Docker;
}

function container(
  service: string,
  labels: Record<string, string>,
  ports: Docker.Port[],
): Partial<Docker.ContainerInfo> {
  return {
    Id: `id-${service}`,
    Names: [`/shop_${service}_1`],
    Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': service, ...labels },
    Ports: ports,
  };
}

const published = (PrivatePort: number, PublicPort: number, IP = '0.0.0.0'): Docker.Port => ({
  IP,
  PrivatePort,
  PublicPort,
  Type: 'tcp',
});

describe('compose discovery by published ports (FAKE Engine: no bridge network can run here)', () => {
  it('takes the only published port, on 127.0.0.1 when published on every interface', async () => {
    const parts = await discoverComposeParts(
      fakeEngine([
        container('vllm-a', { 'greenlight.colour': 'blue' }, [published(8000, 18000)]),
        container('vllm-b', { 'greenlight.colour': 'green' }, [published(8000, 18001, '127.0.0.2')]),
        container('lb', { 'greenlight.role': 'router', 'greenlight.port': '80' }, [
          published(80, 18080),
          published(8404, 18404),
        ]),
      ]),
      'shop',
    );
    expect(parts.colours.blue).toMatchObject({
      service: 'vllm-a',
      url: 'http://127.0.0.1:18000',
      readyPath: '/v1/models',
    });
    expect(parts.colours.green.url).toBe('http://127.0.0.2:18001');
    expect(parts.router).toMatchObject({
      service: 'lb',
      url: 'http://127.0.0.1:18080',
      observer: { kind: 'response-header' },
    });
  });

  it('asks which port when there are several, and for a label when there is none', async () => {
    const several = fakeEngine([
      container('blue', {}, [published(8000, 18000), published(9000, 19000)]),
      container('green', {}, [published(8000, 18001)]),
      container('router', {}, [published(80, 18080)]),
    ]);
    await expect(discoverComposeParts(several, 'shop')).rejects.toThrow(
      'compose project "shop", service "blue" publishes several ports: say which with the label greenlight.port=<container port>',
    );
    const none = fakeEngine([container('blue', {}, []), container('green', {}, []), container('router', {}, [])]);
    await expect(discoverComposeParts(none, 'shop')).rejects.toThrow(
      /service "blue": no greenlight\.url label and no published port/,
    );
  });

  it("reads the HAProxy observer from the router's labels, with server names mapped to colours", async () => {
    const parts = await discoverComposeParts(
      fakeEngine([
        container('blue', { 'greenlight.url': 'http://127.0.0.1:1/' }, []),
        container('green', { 'greenlight.url': 'http://127.0.0.1:2' }, []),
        container(
          'router',
          {
            'greenlight.url': 'http://127.0.0.1:3',
            'greenlight.haproxy.runtime-api': '127.0.0.1:9999',
            'greenlight.haproxy.backend': 'llm',
            'greenlight.haproxy.servers': 'blue=vllm-a, green=vllm-b',
          },
          [],
        ),
      ]),
      'shop',
    );
    expect(parts.colours.blue.url).toBe('http://127.0.0.1:1');
    expect(parts.router.observer).toEqual({
      kind: 'haproxy',
      runtimeApi: '127.0.0.1:9999',
      backend: 'llm',
      servers: { blue: 'vllm-a', green: 'vllm-b' },
    });
  });
});
