// Jobs: every job with its schedule, zone, next fires, last run and paused state; filters; operator actions.

import { byId, clear, h, renderIfChanged } from './dom.js';
import { get, post, remove, segment } from './api.js';
import * as format from './format.js';

const NEVER_RUN = 'never';

export function createJobs(app) {
  const root = byId('view-jobs');
  const filters = { group: '', outcome: '', text: '' };
  let jobs = [];

  const count = h('span', { class: 'muted' });
  const groupSelect = h('select', { id: 'filter-group', 'aria-label': 'Group', onchange: () => { filters.group = groupSelect.value; render(); } });
  const outcomeSelect = h('select', { id: 'filter-outcome', 'aria-label': 'Last outcome', onchange: () => { filters.outcome = outcomeSelect.value; render(); } });
  const search = h('input', {
    id: 'filter-text', type: 'search', placeholder: 'Filter by id', 'aria-label': 'Filter by id', spellcheck: 'false',
    oninput: () => { filters.text = search.value.trim().toLowerCase(); render(); },
  });
  const rows = h('tbody');
  const readOnly = h('span', { class: 'muted small', hidden: true }, 'Read-only: actions need an operator token.');

  clear(root,
    h('div', { class: 'toolbar' },
      h('h2', null, 'Jobs ', count),
      h('div', { class: 'filters' }, groupSelect, outcomeSelect, search),
      readOnly),
    h('div', { class: 'card table-card' },
      h('table', { id: 'jobs-table', class: 'table' },
        h('thead', null, h('tr', null,
          h('th', null, 'Job'), h('th', null, 'Schedule'), h('th', null, 'Zone'), h('th', null, 'Next fires'),
          h('th', null, 'Last run'), h('th', null, 'State'), h('th', { class: 'actions' }, 'Actions'))),
        rows)));

  function outcomeOf(job) {
    return job.lastRun ? job.lastRun.state : NEVER_RUN;
  }

  function visible() {
    return jobs.filter((job) => (!filters.group || job.definition.group === filters.group)
      && (!filters.outcome || outcomeOf(job) === filters.outcome)
      && (!filters.text || job.id.toLowerCase().includes(filters.text)));
  }

  /** Options from the data itself, keeping a chosen value even when no job has it any more. */
  function fillSelect(select, label, values, chosen, describe = (v) => v) {
    const all = [...new Set([...values, ...(chosen ? [chosen] : [])])].sort();
    renderIfChanged(select, all, () => {
      clear(select, h('option', { value: '' }, label), all.map((v) => h('option', { value: v }, describe(v))));
      select.value = chosen;
    });
  }

  function render() {
    fillSelect(groupSelect, 'All groups', jobs.map((j) => j.definition.group), filters.group, (g) => `group: ${g}`);
    fillSelect(outcomeSelect, 'Any last outcome', jobs.map(outcomeOf), filters.outcome,
      (o) => (o === NEVER_RUN ? 'never run' : format.state(o)));
    const shown = visible();
    count.textContent = shown.length === jobs.length ? `(${jobs.length})` : `(${shown.length} of ${jobs.length})`;
    readOnly.hidden = app.canOperate();
    renderIfChanged(rows, { shown, operate: app.canOperate() }, () => {
      clear(rows, shown.length ? shown.map(row)
        : h('tr', null, h('td', { colspan: 7, class: 'empty' }, jobs.length ? 'No job matches the filters.' : 'No jobs yet.')));
    });
  }

  function row(job) {
    const d = job.definition;
    const last = job.lastRun;
    return h('tr', { class: `${job.paused ? 'paused ' : ''}${last ? `run-${last.state}` : ''}`, dataset: { job: job.id } },
      h('td', { class: 'job-cell' },
        h('a', { class: 'job-id', href: `#runs?job=${segment(job.id)}`, title: 'Run history' }, job.id),
        h('div', { class: 'muted small' }, `${d.type} · ${d.group}`, job.origin === 'api' ? h('span', { class: 'tag', title: 'Created through the API' }, 'api') : null),
        d.description ? h('div', { class: 'muted small description' }, d.description) : null),
      h('td', null,
        h('code', { class: 'schedule' }, d.schedule),
        h('div', { class: 'small schedule-text' }, job.scheduleDescription || '')),
      h('td', { class: 'small' }, d.zone),
      h('td', { class: 'next', title: job.nextFires.map((t) => new Date(t).toString()).join('\n') }, nextFires(job)),
      h('td', null, lastRun(job)),
      h('td', null, job.paused ? h('span', { class: 'badge paused-badge' }, 'paused') : h('span', { class: 'badge active-badge' }, 'active')),
      h('td', { class: 'actions' }, actions(job)));
  }

  function nextFires(job) {
    if (job.paused) return h('span', { class: 'muted' }, 'paused');
    if (!job.nextFires.length) return h('span', { class: 'muted' }, 'no further fire');
    const [first, ...later] = job.nextFires;
    // a due fire shows what it is doing: its time would read as "6 s ago" while it runs
    const now = h('div', null, job.nextFireState
      ? h('span', { class: `badge state-${job.nextFireState === 'running' ? 'RUNNING' : 'SCHEDULED'}`, title: `due at ${format.time(first)}` }, job.nextFireState)
      : [format.time(first), ' ', h('span', { class: 'muted small', dataset: { rel: first } }, format.relative(first))]);
    return [
      now,
      later.length ? h('div', { class: 'muted small' }, later.slice(0, 2).map(format.time).join(' · '), later.length > 2 ? ' …' : '') : null,
    ];
  }

  function lastRun(job) {
    const run = job.lastRun;
    if (!run) return h('span', { class: 'muted' }, 'never run');
    return h('a', { class: 'last-run', href: `#runs?job=${segment(job.id)}&run=${run.runId}`, title: `Run #${run.runId}` },
      h('span', { class: `badge state-${run.state}` }, format.state(run.state)), ' ',
      h('span', { class: 'small' }, format.duration(run.durationMs)), ' ',
      h('span', { class: 'muted small', dataset: { rel: run.startedAt || run.fireAt } }, format.relative(run.startedAt || run.fireAt)));
  }

  function actions(job) {
    const allowed = app.canOperate();
    const why = allowed ? null : 'Needs an operator token';
    const button = (action, label, handler, extra = '') => h('button', {
      type: 'button', class: `button small ${extra}`, dataset: { action }, disabled: !allowed, title: why || `${label} ${job.id}`,
      onclick: (event) => act(event.currentTarget, handler),
    }, label);
    return h('div', { class: 'button-row' },
      button('trigger', 'Trigger', () => trigger(job)),
      job.paused ? button('resume', 'Resume', () => pauseOrResume(job, 'resume')) : button('pause', 'Pause', () => pauseOrResume(job, 'pause')),
      button('delete', 'Delete', () => deleteJob(job), 'danger'));
  }

  async function act(button, handler) {
    button.disabled = true;
    try {
      await handler();
    } catch (error) {
      app.failed(error);
    } finally {
      button.disabled = !app.canOperate();
      app.refreshNow();
    }
  }

  async function trigger(job) {
    const answer = await post(`/api/jobs/${segment(job.id)}/trigger`);
    app.toast(answer.message ? `${job.id}: ${answer.message}` : `Triggered ${job.id} (fire at ${format.timePrecise(answer.fireAt)})`, 'success');
  }

  async function pauseOrResume(job, action) {
    await post(`/api/jobs/${segment(job.id)}/${action}`);
    app.toast(`${job.id} ${action === 'pause' ? 'paused' : 'resumed'}`, 'success');
  }

  async function deleteJob(job) {
    const note = job.origin === 'config' ? ' It comes back at the next start, because the config file lists it.' : '';
    if (!window.confirm(`Delete job ${job.id}? Its pending fires go; its run history stays.${note}`)) return;
    await remove(`/api/jobs/${segment(job.id)}`);
    app.toast(`${job.id} deleted`, 'success');
  }

  return {
    show() {},
    async refresh() {
      jobs = (await get('/api/jobs')).jobs;
      render();
    },
  };
}
