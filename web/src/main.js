// Entry point. Data modes: the static report embeds the payload in <script type="application/json"
// id="fw-data">; with <body data-api="/api"> the app fetches GET {api}/report-data instead.
import { initCards } from './cards.js';
import { typeColor, typesOf } from './colors.js';
import { initDocuments } from './documents.js';
import { clear, h } from './dom.js';
import { fmtDate, plural } from './format.js';
import { initMap } from './map.js';
import { normalizePayload } from './normalize.js';
import { initOutlets } from './outlets.js';
import { initRun } from './run.js';
import { AppState } from './state.js';
import { initTimeline } from './timeline.js';

async function loadPayload() {
  const api = document.body.dataset.api;
  if (api) {
    const url = `${api.replace(/\/+$/, '')}/report-data`;
    const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
    return res.json();
  }
  const el = document.getElementById('fw-data');
  if (!el) throw new Error('this page has no report data (no #fw-data element and no data-api)');
  return JSON.parse(el.textContent);
}

const TABS = [
  ['events', 'Events'],
  ['outlets', 'Outlets'],
  ['documents', 'Documents'],
  ['run', 'Run'],
];

function tabs(root, onShow) {
  const bar = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Report sections' });
  const panels = new Map();
  const buttons = new Map();
  const activate = (key, focus = false) => {
    for (const [k, btn] of buttons) {
      const on = k === key;
      btn.setAttribute('aria-selected', String(on));
      btn.tabIndex = on ? 0 : -1;
      panels.get(k).hidden = !on;
      if (on && focus) btn.focus();
    }
    onShow(key);
  };
  TABS.forEach(([key, label], i) => {
    const btn = h('button', {
      type: 'button', role: 'tab', id: `tab-${key}`, 'aria-controls': `view-${key}`, class: 'tab',
      on: {
        click: () => activate(key),
        keydown: (e) => {
          const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
          if (d) activate(TABS[(i + d + TABS.length) % TABS.length][0], true);
        },
      },
    }, label);
    buttons.set(key, btn);
    bar.append(btn);
    panels.set(key, h('section', { id: `view-${key}`, role: 'tabpanel', 'aria-labelledby': `tab-${key}`, class: `view view-${key}` }));
  });
  root.append(...panels.values());
  return { bar, panels, activate };
}

function filtersBar(state, timelineDomain) {
  const { events } = state.data;
  const from = h('input', { type: 'date', id: 'fw-from', 'aria-label': 'From date', min: timelineDomain?.[0], max: timelineDomain?.[1] });
  const to = h('input', { type: 'date', id: 'fw-to', 'aria-label': 'To date', min: timelineDomain?.[0], max: timelineDomain?.[1] });
  const search = h('input', { type: 'search', id: 'fw-search', placeholder: 'Actor, place, outlet, words…', 'aria-label': 'Search events' });
  const maxSources = Math.max(1, ...events.map((e) => e.independent_sources));
  const minSrc = h('select', { id: 'fw-min-sources', 'aria-label': 'Minimum independent sources' },
    Array.from({ length: Math.min(maxSources, 5) }, (_, i) => h('option', { value: String(i + 1 === 1 ? 0 : i + 1), text: i === 0 ? 'any' : `≥ ${i + 1}` })));
  const contra = h('input', { type: 'checkbox', id: 'fw-contradicted' });
  const reset = h('button', { type: 'button', class: 'reset' }, 'Clear filters');
  const onDates = () => state.setFilters({ from: from.value || null, to: to.value || null }, 'inputs');
  from.addEventListener('change', onDates);
  to.addEventListener('change', onDates);
  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => state.setFilters({ query: search.value.trim() }, 'search'), 150);
  });
  minSrc.addEventListener('change', () => state.setFilters({ minSources: Number(minSrc.value) }, 'inputs'));
  contra.addEventListener('change', () => state.setFilters({ contradicted: contra.checked }, 'inputs'));
  reset.addEventListener('click', () => {
    search.value = '';
    minSrc.value = '0';
    contra.checked = false;
    state.setFilters({ from: null, to: null, query: '', minSources: 0, contradicted: false, hiddenTypes: new Set() }, 'reset');
  });
  const typeChips = h('div', { class: 'type-chips', role: 'group', 'aria-label': 'Event types' },
    typesOf(events).map((t) => h('button', {
      type: 'button', class: 'type-chip', 'aria-pressed': 'true', dataset: { type: t },
      on: {
        click: () => {
          const hidden = new Set(state.filters.hiddenTypes);
          if (hidden.has(t)) hidden.delete(t);
          else hidden.add(t);
          state.setFilters({ hiddenTypes: hidden }, 'chips');
        },
      },
    }, h('span', { class: 'swatch', style: { background: typeColor(t) } }), t)));
  state.on('filters', () => {
    from.value = state.filters.from ?? '';
    to.value = state.filters.to ?? '';
    for (const chip of typeChips.querySelectorAll('.type-chip')) {
      const off = state.filters.hiddenTypes.has(chip.dataset.type);
      chip.setAttribute('aria-pressed', String(!off));
      chip.classList.toggle('off', off);
    }
  });
  return h('div', { class: 'filters', role: 'search' },
    h('label', null, 'From ', from), h('label', null, 'to ', to),
    h('label', { class: 'grow' }, search),
    h('label', null, 'Sources ', minSrc),
    h('label', { class: 'check' }, contra, ' contradicted only'),
    reset, typeChips);
}

function headerStats(data) {
  const dated = data.events.map((e) => e.date).filter(Boolean).sort();
  const outlets = new Set(data.documents.map((d) => d.outlet).filter(Boolean));
  const span = dated.length ? `${fmtDate(dated[0])} – ${fmtDate(dated[dated.length - 1])}` : 'no dated events';
  return [
    h('span', { class: 'stat', id: 'fw-count-events' }, h('b', { text: String(data.events.length) }), ' events'),
    h('span', { class: 'stat' }, h('b', { text: String(data.documents.length) }), ' documents'),
    h('span', { class: 'stat' }, h('b', { text: String(outlets.size) }), ' outlets'),
    h('span', { class: 'stat' }, span),
  ];
}

function boot(raw) {
  const { data, problems } = normalizePayload(raw);
  const state = new AppState(data);
  const app = document.getElementById('fw-app');
  clear(app);
  const main = h('main', { class: 'main' });
  const t = tabs(main, (key) => {
    if (key === 'events') mapApi?.map.invalidateSize();
    if (!built.has(key)) build(key);
  });
  const header = h('header', { class: 'topbar' },
    h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true', text: '◎' }),
      h('h1', null, 'frontwatch ', h('span', { class: 'sub', text: 'situation report' }))),
    h('div', { class: 'stats' }, headerStats(data)),
    t.bar);
  app.append(header, main);
  if (problems.length) {
    header.append(h('div', { class: 'warn-banner', role: 'status' },
      `${plural(problems.length, 'record')} in the report data could not be shown (see the Run tab).`));
  }

  const built = new Set();
  let mapApi = null;
  const build = (key) => {
    built.add(key);
    const panel = t.panels.get(key);
    if (key === 'events') {
      const mapEl = h('div', { id: 'fw-map', class: 'map', role: 'region', 'aria-label': 'Map of events' });
      const timelineEl = h('div', { id: 'fw-timeline', class: 'timeline' });
      const listHead = h('div', { class: 'list-head' });
      const listEl = h('div', { id: 'fw-cards', class: 'cards' });
      const grid = h('div', { class: 'events-grid' },
        h('div', { class: 'mapcol' }, mapEl, timelineEl),
        h('div', { class: 'listcol', role: 'region', 'aria-label': 'Event list' }, listHead, listEl));
      panel.append(grid);
      const tl = initTimeline(timelineEl, state);
      panel.prepend(filtersBar(state, tl.domain));
      mapApi = initMap(mapEl, state);
      initCards(listEl, listHead, state);
    } else if (key === 'outlets') {
      initOutlets(panel, state);
    } else if (key === 'documents') {
      docsApi = initDocuments(panel, state);
    } else if (key === 'run') {
      initRun(panel, state, problems);
    }
  };
  let docsApi = null;
  state.on('open-document', ({ docId, span }) => {
    t.activate('documents');
    docsApi?.show(docId, span);
  });
  t.activate('events');
  state.setFilters({}, 'init');
  document.documentElement.dataset.ready = 'true';
  window.frontwatch = { state };
}

function fail(err) {
  const app = document.getElementById('fw-app');
  if (!app) return;
  clear(app);
  app.append(h('div', { class: 'fatal-error', role: 'alert' }, h('h1', { text: 'The report could not be displayed' }),
    h('p', { text: String(err?.message ?? err) })));
  document.documentElement.dataset.ready = 'error';
}

async function start() {
  const fallback = document.getElementById('fw-static');
  if (fallback) fallback.hidden = true;
  try {
    boot(await loadPayload());
  } catch (err) {
    console.error('frontwatch:', err);
    fail(err);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
