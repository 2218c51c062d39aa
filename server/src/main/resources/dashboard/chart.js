// Runs per minute as stacked bars (failures on top, in red), drawn as inline SVG from GET /api/stats.

import { svg } from './dom.js';

const HEIGHT = 150;
const MARGIN = { top: 10, right: 8, bottom: 22, left: 34 };

/** A round axis maximum at or above max whose half is whole too: 2, 4, 6, 8, 10, 20, 40, ... */
function niceMax(max) {
  if (max <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 4, 6, 8, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Minutes between x-axis labels, so that labels stay about 80 px apart. */
function labelEvery(minutes, width) {
  const wanted = (minutes * 80) / Math.max(width, 1);
  return [5, 10, 15, 30, 60, 120, 180, 360].find((m) => m >= wanted) || 720;
}

const pad = (n) => String(n).padStart(2, '0');

export function runChart(stats, width) {
  const plotW = Math.max(100, width - MARGIN.left - MARGIN.right);
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const n = stats.runs.length;
  const max = niceMax(Math.max(0, ...stats.runs));
  const barW = plotW / n;
  const y = (v) => MARGIN.top + plotH - (v / max) * plotH;
  const from = Date.parse(stats.from);

  const grid = [0, max / 2, max].map((v) => [
    svg('line', { class: 'grid', x1: MARGIN.left, x2: MARGIN.left + plotW, y1: y(v), y2: y(v) }),
    svg('text', { class: 'axis', x: MARGIN.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, v),
  ]);

  const every = labelEvery(n, plotW);
  const labels = [];
  for (let i = 0; i < n; i++) {
    const t = new Date(from + i * 60_000);
    if ((t.getHours() * 60 + t.getMinutes()) % every !== 0) continue;
    const x = MARGIN.left + i * barW;
    labels.push(svg('line', { class: 'tick', x1: x, x2: x, y1: MARGIN.top + plotH, y2: MARGIN.top + plotH + 4 }));
    labels.push(svg('text', { class: 'axis', x, y: HEIGHT - 6, 'text-anchor': 'middle' }, `${pad(t.getHours())}:${pad(t.getMinutes())}`));
  }

  const gap = barW > 3 ? 1 : 0;
  const bars = [];
  for (let i = 0; i < n; i++) {
    const runs = stats.runs[i];
    if (!runs) continue;
    const failed = stats.failures[i];
    const x = MARGIN.left + i * barW;
    const t = new Date(from + i * 60_000);
    const label = `${pad(t.getHours())}:${pad(t.getMinutes())}: ${runs} run${runs === 1 ? '' : 's'}${failed ? `, ${failed} failed` : ''}`;
    bars.push(svg('g', { class: 'minute' },
      svg('title', null, label),
      runs > failed ? svg('rect', { class: 'bar-ok', x, width: Math.max(0.5, barW - gap), y: y(runs), height: y(failed) - y(runs) }) : null,
      failed ? svg('rect', { class: 'bar-failed', x, width: Math.max(0.5, barW - gap), y: y(failed), height: y(0) - y(failed) }) : null));
  }

  return svg('svg', {
    class: 'chart', width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img',
    'aria-label': `Runs per minute: ${stats.totals.runs} runs, ${stats.totals.failures} failed`,
  }, grid, labels, bars,
  svg('line', { class: 'baseline', x1: MARGIN.left, x2: MARGIN.left + plotW, y1: y(0), y2: y(0) }));
}
