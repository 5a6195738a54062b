/** What one RegistrySync keeps between copies: clients and connections, bounded, and no stale passwords. */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../packages/server/src/core/registry/oci/engine.js';

describe('clients and connections kept between copies', () => {
  it('replaces the client when a registry password changes, instead of keeping one per password', () => {
    const engine = new Engine();
    try {
      const first = engine.client('https://registry.example.com', { username: 'ci', password: 'pw-0' });
      for (let i = 1; i <= 50; i++) engine.client('https://registry.example.com', { username: 'ci', password: `pw-${i}` });
      expect(engine.cached.clients).toBe(1);
      const current = engine.client('https://registry.example.com', { username: 'ci', password: 'pw-50' });
      expect(engine.client('https://registry.example.com', { username: 'ci', password: 'pw-50' })).toBe(current);
      expect(engine.client('https://registry.example.com', { username: 'ci', password: 'pw-0' })).not.toBe(first);
    } finally {
      engine.close();
    }
  });

  it('keeps only a few clients however many registries and users it has seen', () => {
    const engine = new Engine();
    try {
      for (let i = 0; i < 100; i++) engine.client(`https://registry-${i}.example.com`, { username: `user-${i}`, password: 'pw' });
      expect(engine.cached.clients).toBeLessThanOrEqual(16);
      // The most recently used ones are the ones kept.
      const recent = engine.client('https://registry-99.example.com', { username: 'user-99', password: 'pw' });
      expect(engine.client('https://registry-99.example.com', { username: 'user-99', password: 'pw' })).toBe(recent);
    } finally {
      engine.close();
    }
  });

  it('drops (and destroys) the connection pool of a CA bundle no kept client uses any more', () => {
    const engine = new Engine();
    try {
      for (let i = 0; i < 30; i++) engine.client('https://registry.example.com', { username: 'ci', password: 'pw' }, `-----CA ${i}-----`);
      // A rotated CA bundle replaced the client, and the old bundle's pool went with it.
      expect(engine.cached).toEqual({ clients: 1, agents: 1 });
    } finally {
      engine.close();
    }
  });
});
