/**
 * The portal page: connect with a token, list templates (with their versions)
 * and environments (with their installs), open an install to read its records,
 * and upgrade it while following the operation's live progress. Everything goes
 * through @caravan/sdk; the page talks to Caravan on its own origin (Caravan
 * sends no CORS headers), so it is served behind a proxy that forwards /v1.
 */
import { createCaravanClient, type CaravanClient, type Operation } from '@caravan/sdk';
import { $, h, show } from './dom.ts';
import { environmentsView, errorView, ProgressView, recordsView, templatesView, upgradeForm } from './views.ts';
import './style.css';

let client: CaravanClient | undefined;
// The install on screen; aborting `leave` stops following its operation when another is opened.
let opened: { environment: string; install: string; leave: AbortController } | undefined;

const form = $('#connect') as HTMLFormElement;
const baseUrlInput = form.elements.namedItem('baseUrl') as HTMLInputElement;
const tokenInput = form.elements.namedItem('token') as HTMLInputElement;
const panel = $('#install');
const details = h('div');
const progress = h('div');
const records = h('div');

function fail(e: unknown): void {
  const el = $('#error');
  show(el, errorView(e));
  el.hidden = false;
}

function api(): CaravanClient {
  if (!client) throw new Error('Connect first');
  return client;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function connect(baseUrl: string, token: string): Promise<void> {
  $('#error').hidden = true;
  opened?.leave.abort();
  opened = undefined;
  panel.hidden = true;
  client = createCaravanClient({ baseUrl: baseUrl || location.origin, token });
  const me = await client.whoami();
  $('#whoami').textContent = `Signed in as ${me.name} (${me.roles.join(', ')})`;
  await refresh();
}

async function refresh(): Promise<void> {
  const c = api();
  const [templates, environments] = await Promise.all([
    all(c.templates.list()).then((ts) => Promise.all(ts.map(async (template) => ({ template, versions: await all(c.templates.versions.list(template.name)) })))),
    all(c.environments.list()).then((es) => Promise.all(es.map(async (environment) => ({ environment, installs: await all(c.environments.installs.list(environment.name)) })))),
  ]);
  show($('#templates .body'), templatesView(templates));
  show($('#environments .body'), environmentsView(environments, (environment, install) => void openInstall(environment, install).catch(fail)));
}

async function openInstall(environment: string, install: string): Promise<void> {
  opened?.leave.abort();
  opened = { environment, install, leave: new AbortController() };
  show(progress);
  show(panel, h('h2', {}, `${environment} / ${install}`), details, progress, records);
  panel.hidden = false;
  const running = await renderInstall(environment, install);
  // An operation already running on the install (started elsewhere, or before a reload) is followed too.
  if (running) {
    const op = await api().operations.get(running);
    await follow(op, `${op.kind[0]!.toUpperCase()}${op.kind.slice(1)} of ${install}, under way`);
  }
}

/** Redraws the install's summary, upgrade form and records; returns the operation running on it, if any. */
async function renderInstall(environment: string, name: string): Promise<string | undefined> {
  const c = api();
  const install = await c.environments.installs.get(environment, name);
  const [list, versions] = await Promise.all([all(c.environments.installs.records.list(environment, name)), all(c.templates.versions.list(install.template))]);
  show(
    details,
    h('p', {}, `${install.template}@${install.version}, ${install.state}, record #${install.record}`),
    upgradeForm(install, versions, (version) => void upgrade(environment, name, version).catch(fail)),
  );
  show(records, h('h3', {}, 'Records'), recordsView(list));
  return install.operation;
}

async function upgrade(environment: string, install: string, version: string): Promise<void> {
  $('#error').hidden = true;
  const op = await api().environments.installs.upgrade(environment, install, { version });
  await follow(op, `Upgrade ${install} to ${version}`);
}

/** Shows an operation's progress from its event stream until it ends, then reloads what it changed. */
async function follow(op: Operation, title: string): Promise<void> {
  const here = opened;
  if (!here) return;
  const view = new ProgressView(op, title);
  show(progress, view.el);
  let done: Operation;
  try {
    done = await api().operations.wait(op, {
      signal: here.leave.signal,
      onProgress: (e) => {
        if (e.type === 'state' && typeof e.data.state === 'string') view.state(e.data.state);
      },
      onStep: (step) => view.step(step),
    });
  } catch (e) {
    if (here.leave.signal.aborted) return;
    throw e;
  }
  view.done(done);
  await Promise.all([refresh(), renderInstall(here.environment, here.install)]);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void connect(baseUrlInput.value.trim(), tokenInput.value).catch(fail);
});

// `#token=...` connects at once (on load, or when such a link is followed from the page); the token
// is taken out of the address so it stays out of the history.
function connectFromFragment(): void {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (!token) return;
  history.replaceState(null, '', location.pathname + location.search);
  tokenInput.value = token;
  void connect(baseUrlInput.value.trim(), token).catch(fail);
}
window.addEventListener('hashchange', connectFromFragment);
connectFromFragment();
