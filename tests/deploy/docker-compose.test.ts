// Docker cannot run on the CI machines, so the compose file is checked against what the app
// expects: services, commands, ports, volumes and the Redis settings production needs.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../config/env.js';

interface Service {
  build?: string | { context: string; dockerfile: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { resources?: { reservations?: { devices?: Array<{ driver: string; capabilities: string[] }> } } };
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { services } = compose;

describe('docker-compose.yml', () => {
  it('has redis, api, worker and a gpu-profile worker', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'redis', 'worker', 'worker-gpu']);
    expect(services['worker-gpu']!.profiles).toEqual(['gpu']);
  });

  it('runs Redis with AOF every second, noeviction and a named volume', () => {
    const cmd = services.redis!.command!.join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--appendfsync everysec/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
    const [volume, target] = services.redis!.volumes![0]!.split(':');
    expect(compose.volumes).toHaveProperty(volume!);
    expect(target).toBe('/data');
  });

  it('points the api and workers at the redis service with environment the app accepts', () => {
    for (const name of ['api', 'worker', 'worker-gpu']) {
      const env = services[name]!.environment!;
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(() => readConfig({ ...env, API_TOKEN: '' })).not.toThrow();
      expect(services[name]!.depends_on?.redis?.condition).toBe('service_healthy');
    }
  });

  it('starts the API alone (workers are their own service) on the published port', () => {
    const api = services.api!;
    expect(api.command).toEqual(['npx', 'tsx', 'main/server.ts']);
    expect(api.environment!.START_WORKER).toBe('0');
    expect(api.environment!.HOST).toBe('0.0.0.0');
    expect(api.ports).toContain(`${api.environment!.PORT}:${api.environment!.PORT}`);
  });

  it('starts workers with the worker entry point, the gpu one on the NVIDIA runtime with tfjs-node-gpu', () => {
    expect(services.worker!.command).toEqual(['npx', 'tsx', 'main/worker.ts']);
    const gpu = services['worker-gpu']!;
    expect(gpu.command).toEqual(['npx', 'tsx', 'main/worker.ts']);
    expect(gpu.environment!.TFJS_BACKEND).toBe('tensorflow');
    expect(gpu.deploy!.resources!.reservations!.devices![0]).toMatchObject({ driver: 'nvidia', capabilities: ['gpu'] });
    const dockerfile = readFileSync(typeof gpu.build === 'object' ? gpu.build.dockerfile : 'Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/cuda:11\.2.*cudnn8/);
    expect(dockerfile).toMatch(/tfjs-node-gpu@4\.22/);
  });

  it('names entry points that exist', () => {
    for (const s of Object.values(services)) {
      const file = s.command?.find((c) => c.endsWith('.ts'));
      if (file) expect(() => readFileSync(file)).not.toThrow();
    }
  });
});
