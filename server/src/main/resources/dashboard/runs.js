// Runs: history of one job or of all, newest first, paged; the chosen run's detail beside the list.

import { byId, clear, h, renderIfChanged } from './dom.js';
import { get, segment } from './api.js';
import * as format from './format.js';

const PAGE_SIZES = [20, 50, 100, 200];

export function createRuns(app) {
  const root = byId('view-runs');
  let params = { job: '', run: '' };
  let limit = PAGE_SIZES[0];
  let before = null;          // cursor of the page shown; null: the newest
  const newerCursors = [];    // cursors of the pages before this one, for "Newer"
  let page = { runs: [], nextBefore: null };
  let jobIds = [];
  let detail = null;

  const jobSelect = h('select', { id: 'runs-job', 'aria-label': 'Job', onchange: () => { resetPaging(); navigate({ job: jobSelect.value, run: '' }); } });
  const sizeSelect = h('select', { 'aria-label': 'Runs per page', onchange: () => { limit = Number(sizeSelect.value); resetPaging(); app.refreshNow(); } },
    PAGE_SIZES.map((n) => h('option', { value: n }, `${n} per page`)));
  const newest = h('button', { type: 'button', class: 'button small', onclick: () => { resetPaging(); app.refreshNow(); } }, 'Newest');
  const newer = h('button', { type: 'button', class: 'button small', onclick: () => { before = newerCursors.pop() ?? null; app.refreshNow(); } }, '‹ Newer');
  const older = h('button', { id: 'runs-older', type: 'button', class: 'button small', onclick: () => { newerCursors.push(before); before = page.nextBefore; app.refreshNow(); } }, 'Older ›');
  const pageInfo = h('span', { class: 'muted small' });
  const rows = h('tbody');
  const detailPane = h('aside', { id: 'run-detail', class: 'card detail' });

  clear(root,
    h('div', { class: 'toolbar' },
      h('h2', null, 'Runs'),
      h('div', { class: 'filters' }, jobSelect, sizeSelect),
      h('div', { class: 'pager' }, pageInfo, newest, newer, older)),
    h('div', { class: 'runs-layout' },
      h('div', { class: 'card table-card' },
        h('table', { id: 'runs-table', class: 'table runs' },
          h('thead', null, h('tr', null,
            h('th', null, 'Run'), h('th', null, 'Job'), h('th', null, 'State'), h('th', null, 'Due'),
            h('th', null, 'Started'), h('th', { class: 'num' }, 'Duration'), h('th', { class: 'num' }, 'Try'), h('th', { class: 'num' }, 'Exit'))),
          rows)),
      detailPane));

  function navigate(next) {
    app.navigate('runs', { job: next.job ?? params.job, run: next.run ?? params.run }, { replace: true });
  }

  function resetPaging() {
    before = null;
    newerCursors.length = 0;
  }

  function renderList() {
    const jobs = [...new Set([...jobIds, ...(params.job ? [params.job] : [])])].sort();
    renderIfChanged(jobSelect, jobs, () => clear(jobSelect, h('option', { value: '' }, 'All jobs'), jobs.map((id) => h('option', { value: id }, id))));
    jobSelect.value = params.job;
    newer.disabled = before === null;
    newest.disabled = before === null;
    older.disabled = page.nextBefore === null;
    pageInfo.textContent = before === null ? 'newest first' : `older than run #${before}`;
    renderIfChanged(rows, { runs: page.runs.map(summary), selected: params.run }, () => {
      clear(rows, page.runs.length ? page.runs.map(row)
        : h('tr', null, h('td', { colspan: 8, class: 'empty' }, 'No runs yet.')));
    });
  }

  /** What a row shows; output and stack trace are left to the detail. */
  function summary(run) {
    const { output, error, ...rest } = run;
    return rest;
  }

  function row(run) {
    if (run.runId === null || run.runId === undefined) return waitingRow(run);
    const selected = String(run.runId) === params.run;
    return h('tr', {
      class: `clickable run-${run.state}${selected ? ' selected' : ''}`, dataset: { run: run.runId }, tabindex: 0,
      onclick: () => navigate({ run: String(run.runId) }),
      onkeydown: (event) => { if (event.key === 'Enter') navigate({ run: String(run.runId) }); },
    },
    h('td', { class: 'mono' }, `#${run.runId}`),
    h('td', null, run.jobId, run.note ? h('div', { class: 'muted small note' }, run.note) : null),
    h('td', null, h('span', { class: `badge state-${run.state}` }, format.state(run.state))),
    h('td', { class: 'small' }, format.time(run.fireAt)),
    h('td', { class: 'small' }, format.time(run.startedAt)),
    h('td', { class: 'num small' }, format.duration(run.durationMs)),
    h('td', { class: 'num small' }, run.attempt),
    h('td', { class: 'num small mono' }, run.exitCode ?? '—'));
  }

  /**
   * A fire no run has taken yet (a retry waiting for its backoff, a trigger of a paused job): no run to open, and
   * its due time where a run shows its fire time; a paused job's fire waits for the job to be resumed.
   */
  function waitingRow(run) {
    return h('tr', { class: `run-${run.state} waiting` },
      h('td', { class: 'muted small' }, 'waiting'),
      h('td', null, run.jobId, run.note ? h('div', { class: 'muted small note' }, run.note) : null),
      h('td', null, h('span', { class: `badge state-${run.state}` }, format.state(run.state))),
      h('td', { class: 'small', title: `fire ${format.time(run.fireAt)}` }, format.time(run.dueAt), ' ',
        run.paused
          ? h('span', { class: 'muted small' }, 'when the job is resumed')
          : h('span', { class: 'muted small', dataset: { rel: run.dueAt } }, format.relative(run.dueAt))),
      h('td', { class: 'small' }, '—'),
      h('td', { class: 'num small' }, '—'),
      h('td', { class: 'num small' }, run.attempt),
      h('td', { class: 'num small mono' }, '—'));
  }

  function renderDetail() {
    renderIfChanged(detailPane, detail, () => {
      if (!detail) {
        clear(detailPane, h('p', { class: 'muted placeholder' }, 'Choose a run to see its output and stack trace.'));
        return;
      }
      const r = detail;
      const field = (label, ...value) => [h('dt', null, label), h('dd', null, ...value)];
      const trace = r.error ? h('section', { class: 'trace-section' },
        h('h4', null, 'Error and stack trace'), h('pre', { class: 'trace' }, r.error)) : null;
      clear(detailPane,
        h('header', { class: `detail-head run-${r.state}` },
          h('h3', null, `Run #${r.runId} · `, h('a', { href: `#runs?job=${segment(r.jobId)}` }, r.jobId)),
          h('span', { class: `badge state-${r.state}` }, format.state(r.state)),
          h('button', { type: 'button', class: 'button ghost small close', title: 'Close', 'aria-label': 'Close', onclick: () => navigate({ run: '' }) }, '×')),
        h('dl', { class: 'facts' },
          field('Due', format.timePrecise(r.fireAt)),
          field('Started', format.timePrecise(r.startedAt)),
          field('Ended', format.timePrecise(r.endedAt)),
          field('Duration', format.duration(r.durationMs)),
          field('Node', h('span', { class: 'mono small' }, r.node || '—')),
          field('Attempt', String(r.attempt)),
          field('Exit code', h('span', { class: 'mono' }, r.exitCode ?? '—')),
          r.note ? field('Note', r.note) : null),
        // A failure's trace is what its reader came for: it goes first.
        trace,
        h('section', null,
          h('h4', null, 'Output'),
          r.output ? h('pre', { class: 'output' }, r.output) : h('p', { class: 'muted small' }, 'No output.')));
    });
  }

  async function loadDetail() {
    if (!params.run) {
      detail = null;
      return;
    }
    const id = Number(params.run);
    // Listings carry no output or stack trace, so the chosen run is read on its own, and only once after it has
    // ended: an ended run no longer changes.
    if (detail && detail.runId === id && detail.endedAt) return;
    detail = await get(`/api/runs/${segment(id)}`).catch((error) => {
      if (error.status === 404) return null;
      throw error;
    });
  }

  return {
    show(query) {
      const next = { job: query.get('job') || '', run: query.get('run') || '' };
      if (next.job !== params.job) resetPaging();
      params = next;
      // Listed runs are summaries without output or trace: keep the detail only while it is the chosen run's;
      // the refresh that follows every show() reads a newly chosen one in full.
      if (!detail || String(detail.runId) !== params.run) detail = null;
      renderList();
      renderDetail();
    },
    async refresh() {
      const cursor = before === null ? '' : `&before=${before}`;
      const path = params.job ? `/api/jobs/${segment(params.job)}/runs?limit=${limit}${cursor}` : `/api/runs?limit=${limit}${cursor}`;
      const [runs, jobs] = await Promise.all([
        // A job that never existed has no history to page through: show none rather than an error every tick.
        get(path).catch((error) => { if (error.status === 404) return { runs: [], nextBefore: null }; throw error; }),
        get('/api/jobs')]);
      page = runs;
      jobIds = jobs.jobs.map((j) => j.id);
      await loadDetail();
      renderList();
      renderDetail();
    },
  };
}
