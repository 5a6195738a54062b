/**
 * API tokens. The secret (`cvn_` + 32 random bytes, base64url) is shown once,
 * at creation; the store keeps its sha256. `authenticate` turns a bearer
 * secret into an Actor, refusing expired and revoked tokens; its lookups go
 * through a cache that another replica's revocation outlives by at most one
 * second (token-cache.ts).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role, type TokenCreated } from '@caravan/contracts';
import type { Actor, TokensApi } from '../api.js';
import { actorRef, SYSTEM_ACTOR, type CoreContext } from '../shared/context.js';
import { ConflictError, NotFoundError, type FieldError } from '../shared/errors.js';
import { keysetPage } from '../shared/paging.js';
import { StoreConflictError, type TokenRow } from '../store/port.js';
import { tokenToWire } from '../shared/wire.js';
import { nameErrors, throwIfAny } from '../shared/validate.js';
import { isoNow } from '../shared/clock.js';
import { TokenCache } from './token-cache.js';

/** lastUsedAt is a hint, not a log: write it at most this often per token. */
const TOUCH_EVERY_MS = 60_000;
export const BOOTSTRAP_TOKEN_ID = 'tok_bootstrap';

export function newTokenSecret(): string {
  return `cvn_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function createTokensService(ctx: CoreContext): TokensApi & { bootstrap(secret: string | undefined): Promise<{ created: boolean; secret?: string }> } {
  const { store, clock, ids } = ctx;
  const cache = new TokenCache();

  async function insert(actor: { id: string; name: string }, row: TokenRow): Promise<void> {
    await store.tokens.insert(row, {
      at: row.createdAt,
      actor: actorRef(actor),
      action: 'token.create',
      subjectKind: 'token',
      subjectName: row.id,
      details: { name: row.name, roles: row.roles, ...(row.environments === null ? {} : { environments: row.environments }) },
    });
  }

  return {
    async list(_actor, page) {
      return keysetPage('tokens', page, (after, limit) => store.tokens.list({ ...(after === undefined ? {} : { after }), limit }), (r) => r.id, tokenToWire);
    },

    async create(actor, input): Promise<TokenCreated> {
      const errors: FieldError[] = [];
      if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 128) errors.push({ pointer: '/name', message: 'is required (1 to 128 characters)', code: 'required' });
      if (!Array.isArray(input.roles) || input.roles.length === 0) errors.push({ pointer: '/roles', message: 'at least one role is required', code: 'required' });
      else {
        input.roles.forEach((r, i) => {
          if (!(ROLES as readonly string[]).includes(r)) errors.push({ pointer: `/roles/${i}`, message: `unknown role ${String(r)}; roles are ${ROLES.join(', ')}`, code: 'enum' });
        });
        if (new Set(input.roles).size !== input.roles.length) errors.push({ pointer: '/roles', message: 'roles must not repeat', code: 'unique' });
      }
      input.environments?.forEach((e, i) => errors.push(...nameErrors(e, `/environments/${i}`, 'an environment name')));
      let expiresAt: string | null = null;
      if (input.expiresAt !== undefined) {
        const t = Date.parse(input.expiresAt);
        if (Number.isNaN(t)) errors.push({ pointer: '/expiresAt', message: 'must be an RFC 3339 date-time', code: 'date-time' });
        else if (t <= clock.now().getTime()) errors.push({ pointer: '/expiresAt', message: 'must be in the future', code: 'past' });
        else expiresAt = new Date(t).toISOString();
      }
      throwIfAny(errors, 'the token is not valid');
      const secret = newTokenSecret();
      const row: TokenRow = {
        id: ids.next('tok_'),
        name: input.name,
        secretHash: hashSecret(secret),
        roles: [...input.roles],
        environments: input.environments === undefined ? null : [...input.environments],
        createdAt: isoNow(clock),
        createdBy: actorRef(actor),
        expiresAt,
        lastUsedAt: null,
        revokedAt: null,
      };
      await insert(actor, row);
      return { ...tokenToWire(row), secret };
    },

    async delete(actor, id) {
      const row = await store.tokens.get(id);
      if (row === undefined || row.revokedAt !== null) throw new NotFoundError(`token ${id} does not exist`, { token: id });
      // A caller that revokes the token it is calling with cuts off its own session mid-way (a script, a
      // fuzzer, a portal acting for someone): revoking is done with another token, or `caravan-server admin`.
      if (actor.id === id) {
        throw new ConflictError(`token ${id} is the token making this request: revoke it with another admin token, or with \`caravan-server admin revoke-token\``, {
          token: id,
        });
      }
      const at = isoNow(clock);
      // The store checks inside its transaction that another active admin token stays, so two admins
      // revoking each other's tokens at once cannot lock everyone out.
      const result = await store.tokens.revoke(id, at, {
        keepActive: 'admin',
        audit: { at, actor: actorRef(actor), action: 'token.delete', subjectKind: 'token', subjectName: id, details: { name: row.name } },
      });
      if (result === 'revoked') cache.forget(id);
      if (result === 'not-found') throw new NotFoundError(`token ${id} does not exist`, { token: id });
      if (result === 'last-active') {
        throw new ConflictError(
          `token ${id} is the last active admin token: revoking it would leave no one able to manage tokens. ` +
            'Create another admin token first (POST /v1/tokens with roles [admin]), then revoke this one.',
          { token: id },
        );
      }
    },

    async authenticate(secret): Promise<Actor | undefined> {
      if (typeof secret !== 'string' || secret.length < 16 || secret.length > 512) return undefined;
      const hash = hashSecret(secret);
      const row = await cache.lookup(hash, (h) => store.tokens.getBySecretHash(h));
      // Timing leaks nothing here: the index is searched with sha256(secret), and how long that takes depends
      // on the hash, which no one can steer toward a stored one without knowing its secret (a preimage), so
      // the time says nothing about the stored secrets. Comparing secrets themselves byte by byte would leak.
      // The constant-time compare after it guards an adapter that matches loosely.
      if (row === undefined || !timingSafeEqual(Buffer.from(row.secretHash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
      const now = clock.now();
      if (row.revokedAt !== null) return undefined;
      if (row.expiresAt !== null && Date.parse(row.expiresAt) <= now.getTime()) return undefined;
      if (row.lastUsedAt === null || now.getTime() - Date.parse(row.lastUsedAt) >= TOUCH_EVERY_MS) {
        // The row may be the cached one: it then records the touch too, so the next requests do not write again.
        row.lastUsedAt = now.toISOString();
        await store.tokens.touch(row.id, now.toISOString()).catch((e: unknown) => ctx.logger.warn('recording token use failed', { token: row.id, error: (e as Error).message }));
      }
      return { id: row.id, name: row.name, roles: row.roles as Role[], ...(row.environments === null ? {} : { environments: row.environments }) };
    },

    async whoami(actor) {
      return { id: actor.id, name: actor.name, roles: [...actor.roles], ...(actor.environments === undefined ? {} : { environments: [...actor.environments] }) };
    },

    /**
     * At first start (no token at all): an admin token with the given secret
     * (CARAVAN_BOOTSTRAP_TOKEN), or a generated one whose secret is returned
     * once so the bin can print it. A fixed id makes two replicas starting at
     * once agree on a single bootstrap token.
     */
    async bootstrap(given) {
      if ((await store.tokens.count()) > 0) return { created: false };
      const secret = given ?? newTokenSecret();
      const at = isoNow(clock);
      const row: TokenRow = {
        id: BOOTSTRAP_TOKEN_ID,
        name: 'bootstrap admin',
        secretHash: hashSecret(secret),
        roles: ['admin'],
        environments: null,
        createdAt: at,
        createdBy: actorRef(SYSTEM_ACTOR),
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
      };
      try {
        await insert(SYSTEM_ACTOR, row);
      } catch (e) {
        if (e instanceof StoreConflictError) return { created: false };
        throw e;
      }
      return given === undefined ? { created: true, secret } : { created: true };
    },
  };
}
