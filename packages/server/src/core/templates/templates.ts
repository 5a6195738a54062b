/**
 * Templates: named applications that hold versions. A template whose versions
 * were ever published cannot be deleted (installs may point at them).
 */
import type { Template } from '@caravan/contracts';
import type { Actor, Page, PageRequest, Precondition, TemplatesApi } from '../api.js';
import { actorRef, type CoreContext } from '../shared/context.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import { checkPrecondition } from '../shared/etag.js';
import { keysetPage } from '../shared/paging.js';
import { StoreConflictError, type TemplateRow } from '../store/port.js';
import { templateToWire } from '../shared/wire.js';
import { labelsErrors, nameErrors, textErrors, throwIfAny } from '../shared/validate.js';
import { isoNow } from '../shared/clock.js';

export async function loadTemplate(ctx: CoreContext, name: string): Promise<TemplateRow> {
  const row = await ctx.store.templates.get(name);
  if (row === undefined) throw new NotFoundError(`template ${name} does not exist`, { template: name });
  return row;
}

function audit(ctx: CoreContext, actor: Actor, action: string, name: string, details?: Record<string, unknown>) {
  return {
    at: isoNow(ctx.clock),
    actor: actorRef(actor),
    action: `template.${action}`,
    subjectKind: 'template',
    subjectName: name,
    template: name,
    ...(details === undefined ? {} : { details }),
  };
}

export function createTemplatesService(ctx: CoreContext): TemplatesApi {
  return {
    async list(_actor: Actor, page?: PageRequest): Promise<Page<Template>> {
      return keysetPage('templates', page, (after, limit) => ctx.store.templates.list({ ...(after === undefined ? {} : { after }), limit }), (r) => r.name, templateToWire);
    },

    async get(_actor, name) {
      return templateToWire(await loadTemplate(ctx, name));
    },

    async create(actor, input) {
      throwIfAny(
        [...nameErrors(input.name, '/name', 'the template name'), ...textErrors(input.description, '/description'), ...labelsErrors(input.labels, '/labels')],
        'the template is not valid',
      );
      const at = isoNow(ctx.clock);
      const row: TemplateRow = {
        name: input.name,
        description: input.description ?? '',
        labels: { ...input.labels },
        revision: 1,
        createdAt: at,
        createdBy: actorRef(actor),
        updatedAt: at,
      };
      try {
        await ctx.store.templates.insert(row, audit(ctx, actor, 'create', input.name));
      } catch (e) {
        if (e instanceof StoreConflictError) throw new ConflictError(`template ${input.name} already exists`, { template: input.name });
        throw e;
      }
      return templateToWire(row);
    },

    async update(actor, name, patch, pre?: Precondition) {
      throwIfAny([...textErrors(patch.description, '/description'), ...labelsErrors(patch.labels, '/labels')], 'the change is not valid');
      for (;;) {
        const row = await loadTemplate(ctx, name);
        checkPrecondition(pre, row.revision, `template ${name}`);
        const at = isoNow(ctx.clock);
        const changes = {
          ...(patch.description === undefined ? {} : { description: patch.description }),
          ...(patch.labels === undefined ? {} : { labels: { ...patch.labels } }),
          updatedAt: at,
        };
        const updated = await ctx.store.templates.update(name, row.revision, changes, audit(ctx, actor, 'update', name, { fields: Object.keys(changes).filter((k) => k !== 'updatedAt') }));
        if (updated !== undefined) return templateToWire(updated);
        // Someone else wrote in between: with If-Match that is the caller's conflict, without it retry on the new revision.
      }
    },

    async delete(actor, name, pre?: Precondition) {
      for (;;) {
        const row = await loadTemplate(ctx, name);
        checkPrecondition(pre, row.revision, `template ${name}`);
        // The store checks "drafts only" in the delete's own transaction: a draft that starts publishing
        // meanwhile either refuses the delete or finds itself gone, never gets deleted mid-publish.
        const result = await ctx.store.templates.delete(name, row.revision, audit(ctx, actor, 'delete', name), { onlyIfDraftsOnly: true });
        if (typeof result === 'object') {
          const others = result.nonDraftVersions;
          throw new ConflictError(`template ${name} has versions beyond drafts (${others.map((v) => `${v.version} is ${v.state}`).slice(0, 5).join(', ')}); it cannot be deleted`, {
            template: name,
            versions: others.map((v) => v.version),
          });
        }
        if (result) return;
      }
    },
  };
}
