/**
 * The Caravan backend plugin: Caravan runs inside the Backstage backend
 * (`createCaravan`, its operation worker included) and its whole API is served
 * at `/api/caravan/v1/...` through Backstage's HTTP router.
 *
 * Backstage authenticates every request (users and services, as for any
 * plugin); the caller then reaches Caravan as itself, with the roles
 * `caravan.access` grants it (access.ts), so Caravan's audit trail names the
 * Backstage user. Caravan's own API tokens are not used through Backstage.
 *
 * Storage follows Backstage's: PostgreSQL in the plugin's own database when
 * `backend.database.client` is `pg`, else a SQLite file under `caravan.dataDir`.
 */
import path from 'node:path';
import { coreServices, createBackendPlugin, type DatabaseService, type HttpRouterService, type LoggerService, type RootConfigService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { createCaravan, type Actor, type Logger } from '@caravan/server';
import { getRequestListener } from '@hono/node-server';
import { actorFor, readAccessPolicy } from './access.js';

type Handler = Parameters<HttpRouterService['use']>[0];

export const caravanPlugin = createBackendPlugin({
  pluginId: 'caravan',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, database, httpRouter, httpAuth, userInfo, lifecycle }) {
        const policy = readAccessPolicy(config);
        const { databaseUrl, dialect } = await databaseOf(config, database);
        const masterKey = config.getOptionalString('caravan.masterKey');
        if (dialect === 'postgres' && !masterKey) {
          throw new Error('caravan.masterKey is required with PostgreSQL: every backend replica must encrypt and decrypt secrets with the same key (`openssl rand -base64 32`).');
        }

        // The caller Backstage vouched for, by Express request (set by the handler below), then by the
        // fetch Request Caravan is handed for it (read by its `authenticate`).
        const vouched = new WeakMap<object, Actor>();
        const callers = new WeakMap<Request, Actor>();
        const caravan = await createCaravan({
          databaseUrl,
          ...(masterKey ? { masterKey } : {}),
          logger: caravanLogger(logger),
          authenticate: (request) => callers.get(request),
        });
        await caravan.core.start();
        lifecycle.addShutdownHook(() => caravan.stop());
        logger.info(`Caravan is serving on ${dialect === 'postgres' ? 'PostgreSQL' : databaseUrl}`);

        const listener = getRequestListener(
          async (request, { incoming }) => {
            const actor = vouched.get(incoming);
            if (actor) callers.set(request, actor);
            const response = await caravan.app.fetch(request);
            if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
            // Backstage's root router compresses responses, and compression holds small writes back:
            // no-transform makes it pass the event stream through as it is written.
            const headers = new Headers(response.headers);
            headers.set('cache-control', 'no-cache, no-transform');
            return new Response(response.body, { status: response.status, headers });
          },
          // A Backstage backend shares its globals with every other plugin: leave Request and Response alone.
          { overrideGlobalObjects: false },
        );

        const handler: Handler = async (req, res, next) => {
          try {
            const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
            const { principal } = credentials;
            const caller =
              principal.type === 'user'
                ? { type: 'user' as const, ...(await userInfo.getUserInfo(credentials)) }
                : { type: 'service' as const, subject: principal.subject };
            const actor = actorFor(policy, caller);
            if (!actor) throw new NotAllowedError('No Caravan role is granted to you (caravan.access).');
            vouched.set(req, actor);
            // Express has taken /api/caravan off req.url already: Caravan sees /v1/... as its own paths.
            await listener(req, res);
          } catch (error) {
            next(error);
          }
        };
        httpRouter.use(handler);
      },
    });
  },
});

export default caravanPlugin;

/**
 * Caravan's database: `caravan.databaseUrl` when set; else the plugin's own
 * PostgreSQL database as Backstage resolves it (its name, prefix and overrides);
 * else SQLite under `caravan.dataDir` (default `./.caravan`, as caravan-server's).
 */
async function databaseOf(config: RootConfigService, database: DatabaseService): Promise<{ databaseUrl: string; dialect: 'postgres' | 'sqlite' }> {
  const explicit = config.getOptionalString('caravan.databaseUrl');
  if (explicit) return { databaseUrl: explicit, dialect: /^postgres(ql)?:/i.test(explicit) ? 'postgres' : 'sqlite' };
  const client = config.getOptionalString('backend.database.plugin.caravan.client') ?? config.getOptionalString('backend.database.client');
  if (client === 'pg') {
    // getClient() makes Backstage create the plugin's database; Caravan opens its own pool to it.
    const knex = await database.getClient();
    const { connection, searchPath } = knex.client.config as { connection: unknown; searchPath?: unknown };
    if (searchPath !== undefined) throw new Error('Caravan keeps its tables in a database of its own: with pluginDivisionMode "schema", set caravan.databaseUrl.');
    return { databaseUrl: postgresUrl(connection), dialect: 'postgres' };
  }
  const dir = path.resolve(config.getOptionalString('caravan.dataDir') ?? '.caravan');
  return { databaseUrl: `file:${path.join(dir, 'caravan.db')}`, dialect: 'sqlite' };
}

/** A `postgres://` URL from knex's connection settings; what a URL cannot carry (CA files, IAM tokens) needs caravan.databaseUrl. */
function postgresUrl(connection: unknown): string {
  if (typeof connection === 'string') return connection;
  if (typeof connection !== 'object' || connection === null) {
    throw new Error('Caravan cannot open this PostgreSQL connection (it is computed at runtime, e.g. cloud IAM): set caravan.databaseUrl.');
  }
  const c = connection as { host?: string; port?: number | string; user?: string; password?: string; database?: string; ssl?: unknown };
  const url = new URL('postgres://localhost');
  if (c.host) url.hostname = c.host;
  if (c.port) url.port = String(c.port);
  if (c.user) url.username = c.user;
  if (c.password) url.password = c.password;
  if (c.database) url.pathname = `/${c.database}`;
  if (c.ssl === true) url.searchParams.set('sslmode', 'verify-full');
  else if (typeof c.ssl === 'object' && c.ssl !== null) {
    const { rejectUnauthorized, ...rest } = c.ssl as { rejectUnauthorized?: boolean; require?: boolean };
    delete rest.require;
    if (Object.keys(rest).length > 0) throw new Error('Caravan cannot carry these PostgreSQL TLS settings over: set caravan.databaseUrl.');
    url.searchParams.set('sslmode', rejectUnauthorized === false ? 'no-verify' : 'verify-full');
  }
  return url.toString();
}

/** Caravan's log lines into Backstage's logger; its per-request line only at debug (Backstage logs requests itself). */
function caravanLogger(logger: LoggerService): Logger {
  type Fields = Parameters<LoggerService['info']>[1];
  return {
    info: (message, fields) => (message === 'request' ? logger.debug(message, fields as Fields) : logger.info(message, fields as Fields)),
    warn: (message, fields) => logger.warn(message, fields as Fields),
    error: (message, fields) => logger.error(message, fields as Fields),
  };
}
