// Overview: health, runs and failures per minute, fire lateness, what runs now, queue depth, cluster nodes.

import { byId, clear, h, renderIfChanged } from './dom.js';
import { get } from './api.js';
import * as format from './format.js';
import { runChart } from './chart.js';

const HOURS = [1, 3, 6, 12, 24];
const STATS_EVERY = 3; // refreshes: the history scan behind /api/stats is the costliest call, and minutes change slowly

export function createOverview(app) {
  const root = byId('view-overview');
  let hours = 3;
  let stats = null;
  let nodes = [];
  let health = null;
  let sinceStats = STATS_EVERY;

  const cards = h('div', { class: 'cards' });
  const hoursSelect = h('select', {
    id: 'chart-hours', 'aria-label': 'Chart period',
    onchange: () => { hours = Number(hoursSelect.value); sinceStats = STATS_EVERY; app.refreshNow(); },
  }, HOURS.map((n) => h('option', { value: n, selected: n === hours }, `last ${n} h`)));
  const chartTitle = h('h3', null, 'Runs per minute');
  const chartBox = h('div', { id: 'chart', class: 'chart-box' });
  const components = h('tbody');
  const nodeRows = h('tbody');

  clear(root,
    cards,
    h('div', { class: 'card chart-card' },
      h('div', { class: 'card-head' }, chartTitle,
        h('div', { class: 'legend small' }, h('span', { class: 'swatch ok' }), 'runs', h('span', { class: 'swatch failed' }), 'failed'),
        hoursSelect),
      chartBox),
    h('div', { class: 'columns' },
      h('div', { class: 'card table-card' },
        h('div', { class: 'card-head' }, h('h3', null, 'Health')),
        h('table', { id: 'health-table', class: 'table compact' },
          h('thead', null, h('tr', null, h('th', null, 'Component'), h('th', null, 'Status'), h('th', null, 'Details'))),
          components)),
      h('div', { class: 'card table-card' },
        h('div', { class: 'card-head' }, h('h3', null, 'Nodes'), h('span', { class: 'muted small' }, 'heartbeats into the shared store')),
        h('table', { id: 'nodes-table', class: 'table compact' },
          h('thead', null, h('tr', null, h('th', null, 'Node'), h('th', null, 'Heartbeat'), h('th', null, 'Lease until'),
            h('th', { class: 'num' }, 'Running'))),
          nodeRows))));

  let chartWidth = 0;
  window.addEventListener('resize', () => {
    if (!root.hidden && stats && chartBox.clientWidth !== chartWidth) drawChart();
  });

  function scheduler() {
    const c = health && health.components && health.components.scheduler;
    return c ? c.details || {} : {};
  }

  function card(id, label, value, sub, kind = '') {
    return h('div', { class: `card stat ${kind}`, id },
      h('div', { class: 'stat-label' }, label),
      h('div', { class: 'stat-value' }, value),
      h('div', { class: 'stat-sub small' }, sub));
  }

  function renderCards() {
    const s = scheduler();
    const up = health && health.status === 'UP';
    const running = nodes.length ? nodes.reduce((sum, n) => sum + n.running, 0) : s.runningRuns;
    const totals = stats ? stats.totals : null;
    const late = stats ? stats.lateness : null;
    renderIfChanged(cards, { health: health && health.status, s, running, totals, late, nodes: nodes.length }, () => clear(cards,
      card('card-health', 'Health', health ? health.status : '…',
        s.claiming === false ? 'not claiming (paused or draining)' : `${nodes.length || 1} node${nodes.length > 1 ? 's' : ''}`, up ? 'good' : 'bad'),
      card('card-running', 'Running now', running ?? '…', 'runs in progress'),
      card('card-queue', 'Queue depth', s.queueDepth ?? '…',
        s.oldestOverdue ? ['oldest due ', h('span', { dataset: { rel: s.oldestOverdue } }, format.relative(s.oldestOverdue))] : 'no fire waiting',
        s.queueDepth > 0 ? 'warn' : ''),
      card('card-runs', `Runs, last ${hours} h`, totals ? totals.runs : '…',
        stats && !stats.complete ? 'newest runs only' : 'started in the period'),
      card('card-failures', `Failures, last ${hours} h`, totals ? totals.failures : '…',
        totals && totals.runs ? `${Math.round((100 * totals.failures) / totals.runs)}% of runs` : 'no runs',
        totals && totals.failures ? 'bad' : 'good'),
      card('card-lateness', 'Fire lateness p95', late && late.p95Ms !== null ? format.duration(late.p95Ms) : '—',
        late && late.samples ? `median ${format.duration(late.p50Ms)} · max ${format.duration(late.maxMs)}` : 'no fires in the period')));
  }

  function drawChart() {
    chartWidth = chartBox.clientWidth;
    clear(chartBox, runChart(stats, chartWidth || 900));
  }

  function renderChart() {
    chartTitle.textContent = `Runs per minute, last ${hours} h`;
    if (!stats) return;
    renderIfChanged(chartBox, stats, drawChart);
  }

  function detailText(key, value) {
    if (value === null || value === undefined) return null;
    if (['total', 'free', 'threshold'].includes(key) && typeof value === 'number') return format.bytes(value);
    if (typeof value === 'object') return JSON.stringify(value);
    if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return format.time(value);
    return String(value);
  }

  function renderHealth() {
    const entries = health && health.components ? Object.entries(health.components) : [];
    renderIfChanged(components, entries, () => clear(components, entries.map(([name, c]) => h('tr', { dataset: { component: name } },
      h('td', null, name),
      h('td', null, h('span', { class: `badge health-${c.status}` }, c.status)),
      h('td', { class: 'details small' }, Object.entries(c.details || {})
        .map(([k, v]) => [k, detailText(k, v)]).filter(([, v]) => v !== null)
        .map(([k, v]) => h('span', { class: 'kv' }, h('span', { class: 'muted' }, `${k} `), v)))))));
  }

  function renderNodes() {
    renderIfChanged(nodeRows, nodes, () => clear(nodeRows, nodes.length ? nodes.map((n) => {
      const live = Date.parse(n.leaseUntil) > Date.now();
      return h('tr', { class: live ? '' : 'stale', dataset: { node: n.nodeId } },
        h('td', { title: n.nodeId }, h('span', { class: 'mono small' }, n.name), n.self ? h('span', { class: 'tag' }, 'this node') : null,
          h('div', { class: 'muted small' }, `${n.host} · up since ${format.time(n.startedAt)}`)),
        h('td', { class: 'small' }, format.time(n.heartbeatAt), h('div', { class: 'muted', dataset: { rel: n.heartbeatAt } }, format.relative(n.heartbeatAt))),
        h('td', { class: 'small' }, live ? format.time(n.leaseUntil) : h('span', { class: 'error-text' }, 'lease ended')),
        h('td', { class: 'num', title: n.runs.map((r) => `#${r.runId} ${r.jobId}`).join('\n') }, n.running));
    }) : h('tr', null, h('td', { colspan: 4, class: 'empty' }, 'No node has a live lease.'))));
  }

  return {
    show() {
      sinceStats = STATS_EVERY;
      // Drawn while hidden, the chart had no width to fit: draw it again once visible.
      delete chartBox.dataset.signature;
    },
    async refresh() {
      const wantStats = sinceStats >= STATS_EVERY;
      const [nodeAnswer, statsAnswer] = await Promise.all([get('/api/nodes'), wantStats ? get(`/api/stats?hours=${hours}`) : null]);
      nodes = nodeAnswer.nodes;
      if (wantStats) {
        stats = statsAnswer;
        sinceStats = 0;
      }
      sinceStats++;
      renderNodes();
      renderChart();
      renderCards();
    },
    /** The shell reads /health for its header on every refresh; the overview shows the same answer. */
    renderHealth(answer) {
      health = answer;
      renderHealth();
      renderCards();
    },
  };
}
