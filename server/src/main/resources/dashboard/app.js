// The dashboard's shell: sign-in, navigation between the three views, the header and the refresh loop.

import { byId, clear, h } from './dom.js';
import { ApiError, get, session } from './api.js';
import * as format from './format.js';
import { createOverview } from './overview.js';
import { createJobs } from './jobs.js';
import { createRuns } from './runs.js';

const REFRESH_MS = 5000;
const VIEWS = ['overview', 'jobs', 'runs'];

const app = {
  identity: null,
  health: null,
  view: null,
  views: {},

  canOperate() {
    return this.identity !== null && (this.identity.role === 'operator' || this.identity.role === 'admin');
  },

  toast(message, kind = 'info') {
    const toasts = byId('toasts');
    const note = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status', title: 'Click to dismiss', onclick: () => note.remove() }, message);
    toasts.append(note);
    while (toasts.children.length > 3) toasts.firstElementChild.remove();
    setTimeout(() => note.remove(), kind === 'error' ? 9000 : 4000);
  },

  /** Shows a view; `replace` rewrites the current history entry instead of adding one (for selections). */
  navigate(view, params = {}, { replace = false } = {}) {
    const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== ''));
    const hash = `#${view}${query.toString() ? `?${query}` : ''}`;
    if (replace) {
      history.replaceState(null, '', hash);
      route();
    } else {
      location.hash = hash;
    }
  },

  /** Refreshes at once, e.g. after an action, instead of at the next tick. */
  refreshNow() {
    refresh();
  },

  /** Every failed call ends here: a rejected token leads back to the sign-in form. */
  failed(error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut('Your token is no longer accepted; sign in again.');
      return;
    }
    if (error instanceof ApiError && error.status === 0) {
      showBanner('The server cannot be reached. Retrying…');
      return;
    }
    this.toast(error.message, 'error');
  },
};

// ---- sign-in ------------------------------------------------------------------------------------------------

async function signIn(token, { fromForm = false } = {}) {
  try {
    const identity = await get('/api/whoami', { token });
    if (token) session.save(token);
    app.identity = identity;
    showApp();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session.clear();
      showLogin(fromForm ? 'That token is not accepted.' : token ? 'Your token is no longer accepted; sign in again.' : '');
    } else {
      showLogin(error.message);
    }
    return false;
  }
}

function signOut(message = '') {
  session.clear();
  app.identity = null;
  byId('toasts').replaceChildren();
  showLogin(message);
}

function showLogin(message) {
  stopRefreshing();
  for (const id of ['tabs', 'health-pill', 'refreshed', 'identity', 'logout', 'banner']) byId(id).hidden = true;
  for (const view of VIEWS) byId(`view-${view}`).hidden = true;
  byId('login').hidden = false;
  const error = byId('login-error');
  error.textContent = message;
  error.hidden = !message;
  const input = byId('token');
  input.value = '';
  input.focus();
}

function showApp() {
  byId('login').hidden = true;
  byId('tabs').hidden = false;
  const who = app.identity;
  const identity = byId('identity');
  clear(identity, who.open
    ? h('span', { title: 'No tokens are configured: the API is open on this machine' }, 'open access')
    : [h('span', { class: 'who' }, who.name), h('span', { class: `role role-${who.role}` }, who.role)]);
  identity.hidden = false;
  byId('logout').hidden = who.open;
  route();
  startRefreshing();
}

// ---- navigation ---------------------------------------------------------------------------------------------

function parseHash() {
  const raw = location.hash.replace(/^#/, '');
  const [name, query] = raw.split('?', 2);
  return { name: VIEWS.includes(name) ? name : 'overview', params: new URLSearchParams(query || '') };
}

function route() {
  if (!app.identity) return;
  const { name, params } = parseHash();
  for (const view of VIEWS) byId(`view-${view}`).hidden = view !== name;
  for (const link of byId('tabs').querySelectorAll('a')) link.classList.toggle('active', link.dataset.view === name);
  const changed = app.view !== name;
  app.view = name;
  app.views[name].show(params);
  if (changed) window.scrollTo(0, 0);
  refresh();
}

// ---- refreshing ---------------------------------------------------------------------------------------------

let timer = null;
let inFlight = null;
let again = false;

function startRefreshing() {
  stopRefreshing();
  timer = setTimeout(tick, REFRESH_MS);
}

function stopRefreshing() {
  clearTimeout(timer);
  timer = null;
}

async function tick() {
  await refresh();
  if (app.identity) timer = setTimeout(tick, REFRESH_MS);
}

/** One refresh at a time; a request for another while one runs is served right after it. */
async function refresh() {
  if (!app.identity) return;
  if (inFlight) {
    again = true;
    return inFlight;
  }
  inFlight = (async () => {
    try {
      const [health] = await Promise.all([get('/health', { accept: [503] }), app.views[app.view].refresh()]);
      app.health = health;
      renderHealthPill(health);
      hideBanner();
      const refreshed = byId('refreshed');
      refreshed.textContent = `updated ${format.time(new Date().toISOString())} · ${format.zone()}`;
      refreshed.title = "Times are shown in this browser's time zone";
      refreshed.hidden = false;
      if (app.view === 'overview') app.views.overview.renderHealth(health);
    } catch (error) {
      app.failed(error);
    }
  })();
  await inFlight;
  inFlight = null;
  if (again) {
    again = false;
    await refresh();
  }
}

function renderHealthPill(health) {
  const pill = byId('health-pill');
  const up = health && health.status === 'UP';
  pill.className = `pill ${up ? 'up' : 'down'}`;
  pill.textContent = up ? 'UP' : health ? health.status : 'unknown';
  pill.title = 'GET /health';
  pill.hidden = false;
}

function showBanner(message) {
  const banner = byId('banner');
  banner.textContent = message;
  banner.hidden = false;
}

function hideBanner() {
  byId('banner').hidden = true;
}

/** Relative times ("in 4 s", "2 min ago") tick every second without re-rendering anything else. */
function tickRelativeTimes() {
  const now = Date.now();
  for (const el of document.querySelectorAll('[data-rel]')) {
    const text = format.relative(el.dataset.rel, now);
    if (el.textContent !== text) el.textContent = text;
  }
}

// ---- start --------------------------------------------------------------------------------------------------

function start() {
  app.views = { overview: createOverview(app), jobs: createJobs(app), runs: createRuns(app) };
  byId('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = byId('token').value.trim();
    if (!token) return;
    byId('login-submit').disabled = true;
    try {
      await signIn(token, { fromForm: true });
    } finally {
      byId('login-submit').disabled = false;
    }
  });
  byId('logout').addEventListener('click', () => signOut());
  window.addEventListener('hashchange', route);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
  setInterval(tickRelativeTimes, 1000);
  signIn(session.token());
}

start();
