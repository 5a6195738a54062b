/**
 * Tokens for recovery, straight on the store, for `caravan-server admin`:
 * create, list and revoke without a token, as `argocd admin` does. No role is
 * checked: whoever can open the database and its master key owns the server
 * anyway. The rules are the tokens service's own (validation, the secret shown
 * once, the last active admin token kept), and every change is audited under
 * the operator's name.
 */
import type { Page, PageRequest } from '../api.js';
import type { Token, TokenCreated } from '@caravan/contracts';
import { SecretBox } from '../secrets/secret-box.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { silentLogger } from '../shared/context.js';
import { createIdSource } from '../shared/ids.js';
import type { ActorRef, Store } from '../store/port.js';
import { createTokensService } from './tokens.js';

export interface TokenAdmin {
  list(page?: PageRequest): Promise<Page<Token>>;
  create(input: { name: string; roles: Token['roles']; environments?: string[]; expiresAt?: string }): Promise<TokenCreated>;
  revoke(id: string): Promise<void>;
}

export function createTokenAdmin(options: { store: Store; masterKey: Uint8Array; operator: ActorRef; clock?: Clock }): TokenAdmin {
  const tokens = createTokensService({
    store: options.store,
    clock: options.clock ?? systemClock,
    ids: createIdSource(),
    box: new SecretBox(options.masterKey),
    logger: silentLogger,
  });
  const actor = { id: options.operator.id, name: options.operator.name, roles: ['admin' as const] };
  return {
    list: (page) => tokens.list(actor, page),
    create: (input) => tokens.create(actor, input),
    revoke: (id) => tokens.delete(actor, id),
  };
}
