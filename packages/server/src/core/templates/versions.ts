/**
 * Template versions: drafts that people edit, and the moves of the state
 * machine. Drafts are validated on every write; anything past draft is
 * immutable; a version number, once used in a template, is never used again
 * (nor its other written form: `1.0` and `1.0.0` are one version).
 */
import type { Operation, Version, VersionDiff } from '@caravan/contracts';
import { IMMUTABLE_STATES, type VersionAction, type VersionState } from '@caravan/contracts';
import type { Actor, Precondition, VersionsApi } from '../api.js';
import { diffApps, tryParseVersionNumber, versionSortKey } from '../app-model/index.js';
import { actorRef, type CoreContext } from '../shared/context.js';
import { ConflictError, InvalidInputError } from '../shared/errors.js';
import type { OperationEngine } from '../operations/engine.js';
import { checkPrecondition } from '../shared/etag.js';
import { keysetPage } from '../shared/paging.js';
import { StoreConflictError, type VersionRow } from '../store/port.js';
import { operationToWire, versionToWire } from '../shared/wire.js';
import { appErrors } from './app-checks.js';
import { loadTemplate } from './templates.js';
import { textErrors, throwIfAny } from '../shared/validate.js';
import { invalidTransition, loadVersion, transitionVersion } from './version-transitions.js';
import { findTransition } from '@caravan/contracts';
import { isoNow } from '../shared/clock.js';

function versionExists(template: string, version: string, existing: string): ConflictError {
  return new ConflictError(
    existing === version
      ? `version ${version} of ${template} already exists or existed: a version number is never reused`
      : `version ${version} of ${template} is the same version as ${existing}, which already exists or existed: a version number is never reused`,
    { template, version, existing },
    'version-exists',
  );
}

function transitionInput(input?: { reason?: string }): string | undefined {
  throwIfAny(textErrors(input?.reason, '/reason'), 'the reason is not valid');
  return input?.reason;
}

export function createVersionsService(ctx: CoreContext, engine: OperationEngine): VersionsApi {
  async function move(actor: Actor, template: string, version: string, action: VersionAction, input?: { reason?: string }): Promise<Version> {
    const reason = transitionInput(input);
    return versionToWire(await transitionVersion(ctx, actor, template, version, action, { reason }));
  }

  /** publish (draft) and retry (failed): move to publishing and start the publish operation that copies the images. */
  async function startPublish(actor: Actor, template: string, version: string, action: 'publish' | 'retry', input?: { reason?: string }): Promise<Operation> {
    const reason = transitionInput(input);
    const row = await loadVersion(ctx, template, version);
    if (findTransition(action, row.state as VersionState) === undefined) throw invalidTransition(row, action);
    const { errors } = appErrors(row.app);
    if (errors.length > 0) {
      throw new InvalidInputError(`version ${version} of ${template} cannot be published: its app is not valid (${errors.length} problems)`, errors);
    }
    const active = await ctx.store.operations.findActive('publish', { template, version });
    if (active.length > 0) {
      throw new ConflictError(`version ${version} of ${template} is already being published by operation ${active[0]!.id}`, { operation: active[0]!.id });
    }
    const op = await engine.enqueue(
      { kind: 'publish', subject: { template, version }, input: { template, version, action, ...(reason === undefined ? {} : { reason }) }, actor },
      // The move happens while this process holds the new operation's lease, so no worker can start it
      // before the version is publishing; if this process dies in between, the worker that picks the
      // operation up makes the move itself.
      async (o) => {
        await transitionVersion(ctx, actor, template, version, action, { reason, details: { operation: o.id } });
      },
    );
    return operationToWire(op);
  }

  return {
    async list(_actor, template, page) {
      await loadTemplate(ctx, template);
      const state = page?.state;
      return keysetPage(
        'versions',
        page,
        (after, limit) => ctx.store.versions.list(template, { ...(after === undefined ? {} : { after }), limit, ...(state === undefined ? {} : { state }) }),
        (r) => r.sortKey,
        versionToWire,
      );
    },

    async get(_actor, template, version) {
      return versionToWire(await loadVersion(ctx, template, version));
    },

    async create(actor, template, input) {
      await loadTemplate(ctx, template);
      const vr = typeof input.version === 'string' ? tryParseVersionNumber(input.version) : ({ ok: false, reason: 'a version must be a string' } as const);
      const { app, errors } = appErrors(input.app);
      const all = [
        ...(vr.ok ? [] : [{ pointer: '/version', message: vr.reason, code: 'version-number' }]),
        ...textErrors(input.description, '/description'),
        ...errors,
      ];
      throwIfAny(all, 'the draft is not valid');
      const at = isoNow(ctx.clock);
      const row: VersionRow = {
        template,
        version: input.version,
        sortKey: versionSortKey(input.version),
        description: input.description ?? '',
        state: 'draft',
        app,
        images: imagesOf(app!),
        transitions: [],
        failure: null,
        revision: 1,
        createdAt: at,
        createdBy: actorRef(actor),
        updatedAt: at,
      };
      try {
        await ctx.store.versions.insert(row, {
          at,
          actor: actorRef(actor),
          action: 'version.create',
          subjectKind: 'version',
          subjectName: `${template}@${input.version}`,
          template,
          version: input.version,
          to: 'draft',
        });
      } catch (e) {
        // The store keys version numbers by precedence, so this is also where `1.0.0` meets an existing `1.0`.
        if (e instanceof StoreConflictError) throw versionExists(template, input.version, e.existing ?? input.version);
        throw e;
      }
      return versionToWire(row);
    },

    async update(actor, template, version, patch, pre?: Precondition) {
      for (;;) {
        const row = await loadVersion(ctx, template, version);
        if ((IMMUTABLE_STATES as readonly string[]).includes(row.state)) {
          throw new ConflictError(`version ${version} of ${template} is ${row.state}: only drafts can be edited; create a new version instead`, { state: row.state }, 'version-immutable');
        }
        checkPrecondition(pre, row.revision, `version ${version} of ${template}`);
        // Every field's errors in one answer, so a client fixes the patch in one round.
        const checked = patch.app === undefined ? undefined : appErrors(patch.app);
        throwIfAny([...textErrors(patch.description, '/description'), ...(checked?.errors ?? [])], 'the change is not valid');
        const app = checked?.app;
        const at = isoNow(ctx.clock);
        const changes: Partial<VersionRow> = {
          ...(patch.description === undefined ? {} : { description: patch.description }),
          ...(app === undefined ? {} : { app, images: imagesOf(app) }),
          updatedAt: at,
        };
        const updated = await ctx.store.versions.update(template, version, row.revision, changes, {
          at,
          actor: actorRef(actor),
          action: 'version.update',
          subjectKind: 'version',
          subjectName: `${template}@${version}`,
          template,
          version,
          details: { fields: Object.keys(changes).filter((k) => k !== 'updatedAt' && k !== 'images') },
        });
        if (updated !== undefined) return versionToWire(updated);
      }
    },

    async diff(_actor, template, version, against): Promise<VersionDiff> {
      const [to, from] = await Promise.all([loadVersion(ctx, template, version), loadVersion(ctx, template, against)]);
      const d = diffApps(from.app as never, to.app as never);
      return { from: from.version, to: to.version, components: d.components, parameters: d.parameters } as VersionDiff;
    },

    publish: (actor, template, version, input) => startPublish(actor, template, version, 'publish', input),
    retry: (actor, template, version, input) => startPublish(actor, template, version, 'retry', input),
    release: (actor, template, version, input) => move(actor, template, version, 'release', input),
    deprecate: (actor, template, version, input) => move(actor, template, version, 'deprecate', input),
    restore: (actor, template, version, input) => move(actor, template, version, 'restore', input),
  };
}

/** One image record per component: the image as the app names it, not yet copied. */
export function imagesOf(app: { components: { name: string; image: string }[] }): VersionRow['images'] {
  return app.components.map((c) => ({ component: c.name, source: c.image }));
}
