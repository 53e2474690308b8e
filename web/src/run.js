// The run panel: what was read, what was skipped and why, timings and versions (summary.json).
import { fmtInt } from './format.js';
import { append, h } from './dom.js';

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function kvTable(obj, caption) {
  const rows = Object.entries(obj).filter(([, v]) => v === null || typeof v !== 'object');
  if (!rows.length) return null;
  return h('table', { class: 'kv' }, h('caption', { text: caption }),
    h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', { scope: 'row', text: k.replace(/_/g, ' ') }),
      h('td', { text: typeof v === 'number' ? (Number.isInteger(v) ? fmtInt(v) : String(v)) : String(v ?? '–') })))));
}

export function initRun(el, state, problems) {
  const s = state.data.summary;
  const top = {};
  for (const k of ['run_id', 'command', 'started_at', 'finished_at', 'documents', 'documents_analysed', 'exit_code']) {
    if (k in s) top[k] = s[k];
  }
  const skipped = Array.isArray(s.skipped) ? s.skipped.filter(isObject) : [];
  append(el, [
    h('div', { class: 'panel-intro' }, h('h2', { text: 'Run' }),
      h('p', { class: 'muted', text: `Report generated ${state.data.generated_at ?? 'at an unknown time'} by frontwatch ${state.data.version ?? ''}.` })),
    h('div', { class: 'run-grid' },
      kvTable(top, 'Run'),
      isObject(s.inputs) ? kvTable(s.inputs, 'Inputs') : null,
      isObject(s.outputs) ? kvTable(s.outputs, 'Outputs') : null,
      isObject(s.timings_s) ? kvTable(s.timings_s, 'Timings (s)') : null,
      isObject(s.versions) ? kvTable(s.versions, 'Versions') : null),
    h('h3', { text: `Skipped inputs (${skipped.length})` }),
    skipped.length ? h('table', { class: 'skipped' },
      h('thead', null, h('tr', null, ['path', 'line', 'code', 'reason'].map((c) => h('th', { text: c })))),
      h('tbody', null, skipped.map((sk) => h('tr', null, ['path', 'line', 'code', 'reason']
        .map((c) => h('td', { text: sk[c] == null ? '' : String(sk[c]) }))))))
      : h('p', { class: 'muted', text: 'Nothing was skipped.' }),
    problems.length ? [h('h3', { text: `Report data problems (${problems.length})` }),
      h('ul', { class: 'problems' }, problems.slice(0, 200).map((p) => h('li', { text: p })))] : null,
  ]);
}
