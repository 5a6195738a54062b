/** The Hono environment of the app: what middleware puts on the context for handlers. */
import type { Actor } from '../core/index.js';

export interface AppEnv {
  Variables: {
    /** The authenticated caller; set by `auth.ts` on every `/v1` route that needs one. */
    actor: Actor;
  };
}
