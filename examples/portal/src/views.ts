/** The page's views: plain functions from the API's types to elements. */
import { isCaravanApiError, type Environment, type Install, type InstallRecord, type Operation, type OperationStep, type Problem, type Template, type Version } from '@caravan/sdk';
import { h, time } from './dom.ts';

export interface TemplateRow {
  readonly template: Template;
  readonly versions: Version[];
}

export interface EnvironmentRow {
  readonly environment: Environment;
  readonly installs: Install[];
}

// The server enforces each environment's policy; the page only disables versions no install can move to.
const UPGRADABLE = new Set(['draft', 'published', 'released']);

const badge = (state: string) => h('span', { class: 'state', 'data-state': state }, state);

export function templatesView(rows: TemplateRow[]): Node {
  if (rows.length === 0) return h('p', {}, 'No templates yet.');
  return h(
    'ul',
    { class: 'cards' },
    ...rows.map(({ template, versions }) =>
      h(
        'li',
        { 'data-template': template.name },
        h('strong', {}, template.name),
        ' ',
        template.description && h('span', { class: 'muted' }, template.description),
        h('ul', { class: 'versions' }, ...versions.map((v) => h('li', { 'data-version': v.version }, `${v.version} `, badge(v.state)))),
      ),
    ),
  );
}

export function environmentsView(rows: EnvironmentRow[], open: (environment: string, install: string) => void): Node {
  if (rows.length === 0) return h('p', {}, 'No environments yet.');
  return h(
    'ul',
    { class: 'cards' },
    ...rows.map(({ environment: e, installs }) =>
      h(
        'li',
        { 'data-environment': e.name },
        h('strong', {}, e.name),
        ' ',
        h('span', { class: 'muted' }, `${e.tier} · ${e.cluster}/${e.namespace}`),
        installs.length === 0
          ? h('p', { class: 'muted' }, 'Nothing installed.')
          : h(
              'ul',
              { class: 'installs' },
              ...installs.map((i) =>
                h(
                  'li',
                  {},
                  h('button', { type: 'button', 'data-install': i.name, onclick: () => open(e.name, i.name) }, i.name),
                  ` ${i.template}@${i.version} `,
                  badge(i.state),
                  ' ',
                  h('span', { class: 'muted' }, `record #${i.record}`),
                ),
              ),
            ),
      ),
    ),
  );
}

const components = (r: InstallRecord) => r.components.map((c) => `${c.name} ${c.readyReplicas ?? 0}/${c.replicas ?? 0} ${c.state}`).join(', ');

export function recordsView(records: InstallRecord[]): Node {
  return h(
    'table',
    { class: 'records' },
    h('thead', {}, h('tr', {}, ...['#', 'action', 'version', 'outcome', 'started', 'finished', 'components'].map((c) => h('th', {}, c)))),
    h(
      'tbody',
      {},
      ...records.map((r) =>
        h(
          'tr',
          { 'data-record': r.number },
          h('td', {}, `#${r.number}`),
          h('td', {}, r.rollbackOf ? `rollback of #${r.rollbackOf}` : r.action),
          h('td', {}, r.version),
          h('td', {}, badge(r.outcome)),
          h('td', {}, time(r.startedAt)),
          h('td', {}, time(r.finishedAt)),
          h('td', {}, components(r)),
        ),
      ),
    ),
  );
}

/** The install's form: pick a version, upgrade. */
export function upgradeForm(install: Install, versions: Version[], upgrade: (version: string) => void): HTMLFormElement {
  const choices = versions.filter((v) => v.version !== install.version);
  const select = h(
    'select',
    { name: 'version', 'aria-label': 'Version' },
    ...choices.map((v) => h('option', { value: v.version, disabled: !UPGRADABLE.has(v.state) }, `${v.version} (${v.state})`)),
  );
  return h(
    'form',
    {
      class: 'upgrade',
      onsubmit: (e) => {
        e.preventDefault();
        if (select.value) upgrade(select.value);
      },
    },
    h('label', {}, `Upgrade ${install.name} from ${install.version} to `, select),
    ' ',
    h('button', { disabled: choices.length === 0 }, 'Upgrade'),
  );
}

/** A problem document as the server wrote it: status, title, detail, type, and where the input was wrong. */
export function problemView(p: Problem): Node {
  return h(
    'div',
    { class: 'problem', 'data-type': p.type },
    h('strong', {}, `${p.status} ${p.title}`),
    p.detail && h('span', {}, `: ${p.detail}`),
    ' ',
    h('code', {}, p.type),
    p.errors && h('ul', {}, ...p.errors.map((e) => h('li', {}, h('code', {}, e.pointer), ` ${e.message}`))),
  );
}

export function errorView(e: unknown): Node {
  if (isCaravanApiError(e)) return problemView(e.problem);
  return h('div', { class: 'problem' }, h('strong', {}, e instanceof Error ? e.name : 'Error'), `: ${e instanceof Error ? e.message : String(e)}`);
}

const podsReady = (s: OperationStep) => (s.component !== undefined ? `${s.ready ?? 0} of ${s.desired ?? 0} ready` : '');

/** A step in one line: `web: 1 of 2 ready`, or the step's name (`apply record 2`), with its message. */
export function describeStep(s: OperationStep): string {
  const what = s.component !== undefined ? `${s.component}: ${podsReady(s)}` : s.name;
  return s.message ? `${what} (${s.message})` : what;
}

/**
 * An operation's live progress: its state, each step as it now is, and every step event as it came,
 * so the rollout's course (pods ready of desired, per component) stays readable after it ends.
 */
export class ProgressView {
  readonly el: HTMLElement;
  readonly #state = h('output', { id: 'operation-state' });
  readonly #steps = h('tbody');
  readonly #rows = new Map<string, HTMLTableRowElement>();
  readonly #log = h('ol', { class: 'log' });
  readonly #problem = h('div');

  constructor(op: Operation, title: string) {
    this.el = h(
      'section',
      { id: 'progress', 'aria-live': 'polite', 'data-operation': op.id },
      h('h3', {}, `${title} `, this.#state),
      h('p', { class: 'muted' }, `operation ${op.id}`),
      h('table', { class: 'steps' }, h('thead', {}, h('tr', {}, ...['step', 'pods', 'state', 'message'].map((c) => h('th', {}, c)))), this.#steps),
      h('details', { open: true }, h('summary', {}, 'Events'), this.#log),
      this.#problem,
    );
    // No steps from `op`: the event stream replays every step from the operation's start.
    this.state(op.state);
  }

  state(state: string): void {
    this.#state.textContent = state;
    this.#state.dataset.state = state;
  }

  step(s: OperationStep): void {
    const row = h(
      'tr',
      { 'data-step': s.name, 'data-state': s.state },
      h('td', {}, s.name),
      h('td', {}, podsReady(s)),
      h('td', {}, badge(s.state)),
      h('td', { class: 'muted' }, s.message ?? ''),
    );
    const old = this.#rows.get(s.name);
    if (old) old.replaceWith(row);
    else this.#steps.append(row);
    this.#rows.set(s.name, row);
    this.#log.append(h('li', { 'data-state': s.state }, `${describeStep(s)} `, badge(s.state)));
  }

  done(op: Operation): void {
    this.state(op.state);
    if (op.error) this.#problem.replaceChildren(problemView(op.error));
  }
}
