/**
 * The Hono app: a thin face over the delivery core. It authenticates the
 * caller, validates input against the contract, calls the core, and maps
 * results and errors to the contract. Errors become problem+json in exactly
 * one place, `onError`.
 *
 * Order of the middleware matters: logging and metrics see everything; the
 * body limit applies before anything reads a body; public routes (contract,
 * its reference page, health) are registered before authentication;
 * idempotency runs after authentication (keys are per caller) and before
 * validation and the handler.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { CaravanCore } from '../core/index.js';
import { bearerAuth, type HostAuthenticate } from './auth.js';
import { AuthBudget, type AuthBudgetOptions } from './auth-budget.js';
import { methodNotAllowed } from './methods.js';
import type { AppEnv } from './env.js';
import { idempotency, type IdempotencyStore } from './idempotency.js';
import { silentLogger, type Logger } from './logger.js';
import { httpMetrics, metricsRoute, type AppMetrics } from './metrics.js';
import { createMetrics } from '../metrics/prometheus.js';
import { docsRoutes } from './routes/docs.js';
import { errorToProblem, problem } from './problem.js';
import { readCache } from './read-cache.js';
import { requestLog } from './request-log.js';
import { auditRoutes } from './routes/audit.js';
import { publicRoutes, whoamiRoutes } from './routes/meta.js';
import { operationRoutes } from './routes/operations.js';
import { registryRoutes } from './routes/registry.js';
import { clusterRoutes, environmentRoutes, installRoutes } from './routes/deploy.js';
import { templateRoutes } from './routes/templates.js';
import { tokenRoutes } from './routes/tokens.js';
import { versionRoutes } from './routes/versions.js';
import type { SseOptions } from './sse.js';
import { corsFor } from './cors.js';

/**
 * 2 MiB: the contract lets a version's app be a YAML string of up to 1 MiB
 * (1 048 576 characters), which must still fit once wrapped in JSON.
 */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

export interface AppOptions {
  core: CaravanCore;
  /** Where `Idempotency-Key` outcomes are kept (the store's idempotency table). */
  idempotency: IdempotencyStore;
  /** An `Idempotency-Key` reservation its holder has not renewed for this long (it renews every third of it) is taken to be orphaned and taken over (default 60 s). */
  idempotencyStaleAfterMs?: number;
  logger?: Logger;
  /** Largest accepted request body in bytes (default 2 MiB); larger answers 413. */
  bodyLimitBytes?: number;
  sse?: Partial<SseOptions>;
  /** Reported by /v1/healthz and /v1/readyz. */
  version?: string;
  /** True while shutting down (readiness turns 503 first). */
  draining?: () => boolean;
  /** Aborted at shutdown: event streams end instead of holding the listener open. */
  closing?: AbortSignal;
  /**
   * The store's data version (see `Store.dataVersion`): with it, repeated
   * reads of unchanged data are answered from memory (read-cache.ts).
   */
  dataVersion?: () => string | Promise<string>;
  /**
   * The budget of bad tokens per client address (429 once spent), with the
   * proxies whose X-Forwarded-For is believed; `false` turns it off. Defaults
   * in auth-budget.ts (20 in a row, 10 more a minute, no trusted proxy).
   */
  authBudget?: Partial<Omit<AuthBudgetOptions, 'now'>> | false;
  /**
   * For a host program that authenticates callers itself: the Actor it names for a request is the
   * caller (its roles decide as a token's would); undefined falls back to bearer tokens.
   */
  authenticate?: HostAuthenticate;
  /**
   * Origins (`https://portal.example.com`) whose pages may call the API from the browser; none by default.
   * Callers still need a token: CORS only lets the page read the answers.
   */
  corsOrigins?: readonly string[];
  /** Counts requests and serves `GET /metrics`; default: Prometheus metrics of this app's requests alone (createCaravan passes ones the core and store report to as well). */
  metrics?: AppMetrics;
}

export type CaravanApp = Hono<AppEnv>;

export function createApp(options: AppOptions): CaravanApp {
  const { core } = options;
  const logger = options.logger ?? silentLogger;
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const sse: SseOptions = { heartbeatMs: 15_000, ...options.sse, ...(options.closing ? { closing: options.closing } : {}) };

  const app = new Hono<AppEnv>();

  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      // Hono's own refusals (e.g. a body it could not read); never its default text body.
      const kind = err.status === 413 ? 'payload-too-large' : err.status === 401 ? 'unauthenticated' : err.status >= 500 ? 'internal' : 'invalid-input';
      return problem(c, kind, err.status >= 500 ? undefined : err.message);
    }
    const { response, unexpected } = errorToProblem(c, err);
    if (unexpected) {
      logger.error('unexpected error', { method: c.req.method, path: new URL(c.req.url).pathname, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
    return response;
  });
  app.notFound((c) => problem(c, 'not-found', `Nothing at ${c.req.method} ${new URL(c.req.url).pathname}.`));

  app.use('*', requestLog(logger));
  const metrics = options.metrics ?? createMetrics({ logger });
  app.use('*', httpMetrics(metrics));
  // Before the 405 check: a preflight is an OPTIONS the contract's paths do not list.
  if (options.corsOrigins && options.corsOrigins.length > 0) app.use('*', corsFor(options.corsOrigins));
  const limitBody = bodyLimit({ maxSize: limit, onError: (c) => problem(c, 'payload-too-large', `Request bodies are limited to ${limit} bytes.`) });
  // No GET or HEAD of the contract reads a body; asking for one would build a whole fetch Request per read.
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  // Before authentication: which methods a path has is in the public contract anyway.
  app.use('*', methodNotAllowed());

  app.route('/', publicRoutes(core, { version: options.version ?? '0.0.0', draining: options.draining ?? (() => false) }));
  app.route('/', docsRoutes());

  const auth = bearerAuth(core, options.authBudget === false ? undefined : new AuthBudget(options.authBudget), options.authenticate);
  app.use('/v1/*', auth);
  // Any role may scrape: an authenticated caller is all it takes, as for any read.
  app.get('/metrics', auth, metricsRoute(metrics));
  const keys = idempotency(options.idempotency, options.idempotencyStaleAfterMs === undefined ? {} : { staleAfterMs: options.idempotencyStaleAfterMs });
  // Every write takes a key, DELETE too: a retried delete then replays its 204 instead of answering 404.
  app.use('/v1/*', async (c, next) => (['POST', 'PUT', 'PATCH', 'DELETE'].includes(c.req.method) ? keys(c, next) : next()));
  if (options.dataVersion) app.use('/v1/*', readCache({ version: options.dataVersion }));

  app.route('/v1', whoamiRoutes(core));
  app.route('/v1', tokenRoutes(core));
  app.route('/v1', templateRoutes(core));
  app.route('/v1', versionRoutes(core));
  app.route('/v1', operationRoutes(core, sse));
  app.route('/v1', auditRoutes(core));
  app.route('/v1', registryRoutes(core));
  app.route('/v1', clusterRoutes(core));
  app.route('/v1', environmentRoutes(core));
  app.route('/v1', installRoutes(core));
  return app;
}
