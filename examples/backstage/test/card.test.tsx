/**
 * EntityCaravanCard rendered with Backstage's test utilities (renderInTestApp,
 * TestApiProvider) against the real plugin in a real Backstage backend: the
 * card's SDK calls go through the fetchApi with the user's Backstage token,
 * so it shows what that user's Caravan role may read.
 * The installs are real Caravan installs on a cluster nobody answers at, so
 * each one's latest record is a real, failed, install record; no Kubernetes
 * runs here (test/story-deploy covers rollouts on real clusters).
 */
// First: jsdom's window, document and navigator become globals before React, testing-library and
// Backstage's frontend modules evaluate (imports evaluate in order). Globals Node already has stay
// Node's (fetch, Request, URL, AbortController, TextEncoder...), so the backend in this same file runs
// as in plugin.test.ts; Vitest runs each test file in its own process, so no other file sees a DOM.
// Not `environment: 'jsdom'`: Vitest would import jsdom from the repository root, not from here.
import 'global-jsdom/register';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { cleanup, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EntityCaravanCard } from '../src/card/index.js';
import { masterKey, startCaravanBackstage, type CaravanBackstage } from './support.js';

// In a browser the global object is the window; global-jsdom copies the window's own properties only, and
// Backstage's analytics tracker calls `addEventListener`, which jsdom keeps on Window's prototype.
globalThis.addEventListener = window.addEventListener.bind(window);

let b: CaravanBackstage;

const kubeconfig = (server: string) => `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: '${server}' } }]
users: [{ name: u, user: { token: not-a-real-token } }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
current-context: c
`;

beforeAll(async () => {
  b = await startCaravanBackstage({
    caravan: {
      masterKey: masterKey(),
      access: {
        defaultRole: 'none',
        grants: [
          { role: 'admin', principals: ['user:default/alice'] },
          { role: 'viewer', principals: ['user:default/jane'] },
          { role: 'viewer', principals: ['user:default/tina'], environments: ['test-lab'] },
        ],
      },
    },
  });
  const admin = b.asUser('user:default/alice');
  // Port 9 (discard) on loopback: nothing listens, so every rollout fails at once with cluster-unreachable.
  await admin.clusters.create({ name: 'nowhere', kubeconfig: kubeconfig('https://127.0.0.1:9') });
  await admin.templates.create({ name: 'shop' });
  await admin.templates.versions.create('shop', { version: '1.0', app: { components: [{ name: 'web', image: 'registry.example.com/shop/web:1' }] } });
  for (const env of ['test-intranet', 'test-lab']) {
    await admin.environments.create({ name: env, cluster: 'nowhere', namespace: env, tier: 'test' });
    await admin.operations.wait(await admin.environments.installs.create(env, { name: 'shop', template: 'shop', version: '1.0' }));
  }
  // Another template's install beside them: not the entity's, so not on its card.
  await admin.templates.create({ name: 'billing' });
  await admin.templates.versions.create('billing', { version: '2.0', app: { components: [{ name: 'api', image: 'registry.example.com/billing/api:2' }] } });
  await admin.operations.wait(await admin.environments.installs.create('test-lab', { name: 'billing', template: 'billing', version: '2.0' }));
});
afterEach(cleanup);
afterAll(async () => {
  await b?.stop();
});

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

function renderCard(forEntity: Entity, userEntityRef: string) {
  const discoveryApi = { getBaseUrl: async (pluginId: string) => `${b.url}/api/${pluginId}` };
  // What Backstage's own fetchApi does for a signed-in user: the user's token on every backend call.
  const fetchApi = {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      request.headers.set('authorization', `Bearer ${mockCredentials.user.token(userEntityRef)}`);
      return fetch(request);
    },
  };
  return renderInTestApp(
    <TestApiProvider apis={[[discoveryApiRef, discoveryApi], [fetchApiRef, fetchApi]]}>
      <EntityProvider entity={forEntity}>
        <EntityCaravanCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityCaravanCard', () => {
  it('lists the template\'s installs in every environment with each one\'s latest record', async () => {
    await renderCard(entity({ 'caravan.io/template': 'shop' }), 'user:default/jane');
    expect(await screen.findByText('Caravan: shop')).toBeTruthy();
    expect(screen.getByText('2 installs')).toBeTruthy();
    for (const env of ['test-intranet', 'test-lab']) expect(screen.getByText(env)).toBeTruthy();
    expect(screen.getAllByText('#1 install 1.0: failed')).toHaveLength(2);
    expect(screen.getAllByText('user:default/alice')).toHaveLength(2);
    expect(screen.queryByText('billing')).toBeNull();
  });

  it('shows what the signed-in user may read: the fetchApi carries who they are', async () => {
    await renderCard(entity({ 'caravan.io/template': 'shop' }), 'user:default/tina');
    expect(await screen.findByText('1 install')).toBeTruthy();
    expect(screen.getByText('test-lab')).toBeTruthy();
    expect(screen.queryByText('test-intranet')).toBeNull();
  });

  it('shows Caravan\'s refusal to a user no grant names', async () => {
    await renderCard(entity({ 'caravan.io/template': 'shop' }), 'user:default/mallory');
    expect(await screen.findByText('Error: HTTP 403')).toBeTruthy();
    expect(screen.queryByText('Caravan: shop')).toBeNull();
  });

  it('asks for the annotation when the entity has none', async () => {
    await renderCard(entity({}), 'user:default/jane');
    expect(await screen.findByText(/caravan\.io\/template/)).toBeTruthy();
  });
});
