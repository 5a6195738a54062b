/**
 * Caravan's metrics in Prometheus' text format, with prom-client: one
 * registry per Caravan (never prom-client's global one, so two Caravans in
 * one process, or a host program's own metrics, do not mix).
 *
 * Three sources: the HTTP face reports each request (`observeRequest`); the
 * core reports through its metrics port (`core`: operations ended, bytes a
 * publish copied, rollouts) and the store through its timing wrapper
 * (`timeStore`); and at each scrape the gauges of active operations and of
 * cluster reachability are read from the store (`readGaugesFrom`), so they
 * hold for the whole deployment, whichever replica did the work.
 *
 * Label values are bounded: routes are templates, kinds and states are the
 * core's, environments and clusters are the operator's own few names.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CoreMetrics, Logger, Store } from '../core/index.js';
import { timedStore } from './timed-store.js';

export interface CaravanMetrics {
  /** The prom-client registry holding every metric below; a host program may merge it with its own. */
  readonly registry: Registry;
  /** The core's metrics port, for `createCore({ metrics })`. */
  readonly core: CoreMetrics;
  /** One HTTP request answered: `route` is the route's template, never the request's path. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** The store with every call timed into `caravan_store_query_duration_seconds`. */
  timeStore(store: Store): Store;
  /** The store the gauges are read from at each scrape (without one they stay empty). */
  readGaugesFrom(store: Store): void;
  /** The text exposition of every metric, and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** Requests are quick; the top buckets catch a slow store. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Operations and rollouts run from under a second to the better part of an hour. */
const WORK_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 3600];
const QUERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export function createMetrics(options: { logger?: Logger } = {}): CaravanMetrics {
  const registry = new Registry();
  const registers = [registry];
  let source: Store | undefined;

  const requests = new Counter({ name: 'caravan_http_requests_total', help: 'HTTP requests answered, by method, route template and status.', labelNames: ['method', 'route', 'status'], registers });
  const requestSeconds = new Histogram({ name: 'caravan_http_request_duration_seconds', help: 'Time to answer an HTTP request (to its first byte, for event streams), by method and route template.', labelNames: ['method', 'route'], buckets: REQUEST_BUCKETS, registers });

  const finished = new Counter({ name: 'caravan_operations_finished_total', help: 'Operations this process brought to a final state, by kind and state.', labelNames: ['kind', 'state'], registers });
  const operationSeconds = new Histogram({ name: 'caravan_operation_duration_seconds', help: 'Time from an operation\'s creation to its final state, by kind and state.', labelNames: ['kind', 'state'], buckets: WORK_BUCKETS, registers });
  new Gauge({
    name: 'caravan_operations_active',
    help: 'Operations pending or running in the store (every replica\'s), by kind and state.',
    labelNames: ['kind', 'state'],
    registers,
    async collect() {
      if (source === undefined) return;
      try {
        const counts = await source.operations.countActive();
        this.reset();
        for (const c of counts) this.set({ kind: c.kind, state: c.state }, c.count);
      } catch (e) {
        this.reset();
        options.logger?.warn('metrics: could not count active operations', { error: String(e) });
      }
    },
  });

  const copiedBytes = new Counter({ name: 'caravan_publish_copied_bytes_total', help: 'Bytes publishing moved into the delivery registry (blobs already there or mounted move none).', registers });
  const copiedImages = new Counter({ name: 'caravan_publish_copied_images_total', help: 'Images publishing copied into the delivery registry and pinned.', registers });

  const rollouts = new Counter({ name: 'caravan_rollouts_total', help: 'Installs, upgrades, rollbacks and uninstalls that ended, by environment, action and result.', labelNames: ['environment', 'action', 'result'], registers });
  const rolloutSeconds = new Histogram({ name: 'caravan_rollout_duration_seconds', help: 'Time from a rollout\'s first start to its end, by environment, action and result.', labelNames: ['environment', 'action', 'result'], buckets: WORK_BUCKETS, registers });

  new Gauge({
    name: 'caravan_cluster_reachable',
    help: 'Whether the last probe of a cluster reached it (1) or not (0); clusters not probed yet are left out.',
    labelNames: ['cluster'],
    registers,
    async collect() {
      if (source === undefined) return;
      try {
        const health: { cluster: string; reachable: boolean }[] = [];
        for (let after: string | undefined; ; ) {
          const rows = await source.clusters.list({ ...(after === undefined ? {} : { after }), limit: 200 });
          for (const row of rows) {
            const state = (row.health as { state?: string } | null)?.state;
            if (state === 'reachable' || state === 'unreachable') health.push({ cluster: row.name, reachable: state === 'reachable' });
          }
          if (rows.length < 200) break;
          after = rows[rows.length - 1]!.name;
        }
        this.reset();
        for (const h of health) this.set({ cluster: h.cluster }, h.reachable ? 1 : 0);
      } catch (e) {
        this.reset();
        options.logger?.warn('metrics: could not read cluster health', { error: String(e) });
      }
    },
  });

  const querySeconds = new Histogram({ name: 'caravan_store_query_duration_seconds', help: 'Time of each store call, by call (`templates.get`, `commit`, ...).', labelNames: ['query'], buckets: QUERY_BUCKETS, registers });
  const queryErrors = new Counter({ name: 'caravan_store_query_errors_total', help: 'Store calls that failed, by call.', labelNames: ['query'], registers });

  const core: CoreMetrics = {
    operationFinished(kind, state, seconds) {
      finished.inc({ kind, state });
      operationSeconds.observe({ kind, state }, seconds);
    },
    imageCopied(bytes) {
      copiedImages.inc();
      if (bytes > 0) copiedBytes.inc(bytes);
    },
    rolloutFinished(environment, action, result, seconds) {
      rollouts.inc({ environment, action, result });
      rolloutSeconds.observe({ environment, action, result }, seconds);
    },
  };

  return {
    registry,
    core,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      requestSeconds.observe({ method, route }, seconds);
    },
    timeStore(store) {
      return timedStore(store, (query, seconds, ok) => {
        querySeconds.observe({ query }, seconds);
        if (!ok) queryErrors.inc({ query });
      });
    },
    readGaugesFrom(store) {
      source = store;
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
