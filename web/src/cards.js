// Event cards: the list beside the map. A card's header button expands it to show each source
// sentence highlighted in its document's context, with outlet and link.
import { typeColor } from './colors.js';
import {
  GEO_PRECISION, TIME_PRECISION, TIME_PRECISION_SHORT, TITLE_CHARS, contextOf, fmtDate, fmtFatalities, fmtValue,
  locate, plural, truncate,
} from './format.js';
import { sortEvents } from './state.js';
import { clear, externalLink, h } from './dom.js';

// Cards rendered at once; more on demand (a report can hold thousands of events).
const PAGE_SIZE = 100;

function actorsLine(ev) {
  const side = (main, assoc) => (main ? (assoc ? `${main} (with ${assoc})` : main) : null);
  const a = side(ev.actor1, ev.assoc_actor_1);
  const b = side(ev.actor2, ev.assoc_actor_2);
  if (a && b) return [h('span', { class: 'actor', text: a }), h('span', { class: 'vs', text: ' vs ' }),
    h('span', { class: 'actor', text: b })];
  if (a || b) return [h('span', { class: 'actor', text: a || b })];
  return [h('span', { class: 'muted', text: 'actors not identified' })];
}

function placeText(ev) {
  const parts = [ev.location, ev.admin1, ev.country].filter(Boolean);
  return parts.length ? parts.join(', ') : 'place unknown';
}

function sourcesBadge(ev) {
  const reports = ev.sources.length;
  const n = ev.independent_sources;
  const level = n >= 3 ? 'strong' : n === 2 ? 'medium' : 'weak';
  const explanation = ev.corroboration || `${plural(reports, 'report')}, ${n} independent`;
  return h('span', {
    class: `badge sources ${level}`, title: explanation,
    'aria-label': `${n} independent sources: ${explanation}`,
  }, `${n} independent`, h('span', { class: 'badge-sub', text: ` / ${plural(reports, 'report')}` }));
}

function contradictionsBlock(ev, docsById) {
  if (!ev.contradictions.length) return null;
  return h('div', { class: 'contradictions' },
    h('div', { class: 'block-title', text: 'Sources disagree' }),
    h('ul', null, ev.contradictions.map((c) => h('li', null,
      h('strong', { text: `${c.field}: ` }),
      c.values.map((v, i) => [
        i ? h('span', { class: 'vs', text: ' vs ' }) : null,
        h('span', { class: 'cvalue', text: fmtValue(v.value) }),
        h('span', {
          class: 'muted', text: ` (${v.doc_ids.map((d) => docsById.get(d)?.outlet || d).join(', ') || 'no source'})`,
        }),
      ]),
      c.note ? h('div', { class: 'muted', text: c.note }) : null))));
}

function sourceBlock(src, docsById, state) {
  const doc = docsById.get(src.doc_id);
  const at = doc ? locate(doc.text, src.sentence, src.start, src.end) : null;
  let quote;
  if (at) {
    const ctx = contextOf(doc.text, at.start, at.end);
    quote = h('blockquote', { class: 'quote' }, ctx.before, h('mark', { text: ctx.match }), ctx.after);
  } else {
    quote = h('blockquote', { class: 'quote' }, h('mark', { text: src.sentence || '(no sentence recorded)' }),
      h('div', { class: 'muted small', text: doc ? 'context unavailable: the offsets do not match the document'
        : `document ${src.doc_id} is not in this report` }));
  }
  const outlet = src.outlet || doc?.outlet || 'unknown outlet';
  const meta = h('figcaption', { class: 'source-meta' },
    h('span', { class: 'outlet', text: outlet }),
    doc?.published ? h('span', { class: 'muted', text: fmtDate(doc.published) }) : null,
    doc?.title ? h('span', { class: 'doc-title', text: truncate(doc.title, TITLE_CHARS), title: truncate(doc.title, 2000) })
      : null,
    doc?.url ? externalLink(doc.url, 'original ↗') : null,
    doc ? h('button', {
      type: 'button', class: 'link-button', on: { click: () => state.openDocument(doc.doc_id, at) },
    }, 'open document') : null);
  return h('figure', { class: 'source', dataset: { docId: src.doc_id } }, meta, quote);
}

function cardBody(ev, state) {
  const { docsById } = state.data;
  const rows = [
    ['Date', `${fmtDate(ev.date)}${ev.date && ev.time_precision ? ` — ${TIME_PRECISION[ev.time_precision]}` : ''}`],
    ['Place', `${placeText(ev)}${ev.geo_precision ? ` — ${GEO_PRECISION[ev.geo_precision]}` : ''}`
      + (ev.lat !== null ? ` (${ev.lat.toFixed(3)}, ${ev.lon.toFixed(3)})` : ' (no coordinates)')],
    ['Claimed by', ev.claimed_by],
    ['Corroboration', ev.corroboration || `${plural(ev.sources.length, 'report')}, ${ev.independent_sources} independent`],
    ['Event id', ev.id],
  ].filter(([, v]) => v);
  return [
    ev.notes ? h('p', { class: 'notes', text: ev.notes }) : null,
    h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
    contradictionsBlock(ev, docsById),
    h('div', { class: 'block-title', text: `Sources (${ev.sources.length})` }),
    ev.sources.length ? ev.sources.map((s) => sourceBlock(s, docsById, state))
      : h('p', { class: 'muted', text: 'no source sentences recorded' }),
  ];
}

/** Scroll the list so an opened card shows as much of itself as fits. */
function revealCard(el) {
  const list = el.closest('.cards');
  if (!list || list.scrollHeight <= list.clientHeight) {
    el.scrollIntoView({ block: 'nearest' });
    return;
  }
  const box = el.getBoundingClientRect();
  const view = list.getBoundingClientRect();
  if (box.bottom > view.bottom) list.scrollTop += Math.min(box.bottom - view.bottom + 8, box.top - view.top - 8);
}

function card(ev, state) {
  const bodyId = `card-body-${ev.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const body = h('div', { class: 'card-body', id: bodyId, hidden: true });
  const head = h('button', {
    type: 'button', class: 'card-head', 'aria-expanded': 'false', 'aria-controls': bodyId,
  },
  h('span', { class: 'type-dot', style: { background: typeColor(ev.type) }, 'aria-hidden': 'true' }),
  h('span', { class: 'card-type' }, h('strong', { text: ev.type }),
    ev.sub_type ? h('span', { class: 'muted', text: ` · ${ev.sub_type}` }) : null),
  h('span', { class: 'card-date' }, fmtDate(ev.date),
    ev.time_precision > 1 ? h('span', { class: 'prec', text: ` ${TIME_PRECISION_SHORT[ev.time_precision]}` }) : null));
  const el = h('article', { class: 'card', dataset: { eventId: ev.id }, 'aria-label': `${ev.type}, ${fmtDate(ev.date)}` },
    head,
    h('div', { class: 'card-summary' },
      h('div', { class: 'place' }, placeText(ev),
        ev.geo_precision > 1 ? h('span', { class: 'prec', text: ` (${GEO_PRECISION[ev.geo_precision]})` }) : null),
      h('div', { class: 'actors' }, actorsLine(ev)),
      h('div', { class: 'badges' },
        h('span', { class: 'badge fatal', title: 'fatalities (range over sources)' },
          `† ${fmtFatalities(ev.fatalities, ev.fatalities_range)}`),
        sourcesBadge(ev),
        ev.contradictions.length ? h('span', {
          class: 'badge conflict', title: ev.contradictions.map((c) => c.field).join(', '),
        }, `⚠ ${plural(ev.contradictions.length, 'contradiction')}`) : null)),
    body);
  let filled = false;
  const setOpen = (open) => {
    if (open && !filled) {
      body.append(...cardBody(ev, state).flat().filter(Boolean));
      filled = true;
    }
    body.hidden = !open;
    head.setAttribute('aria-expanded', String(open));
    el.classList.toggle('open', open);
  };
  head.addEventListener('click', () => {
    const open = body.hidden;
    setOpen(open);
    if (open) {
      state.select(ev.id, 'list');
      revealCard(el);
    }
  });
  return { el, setOpen };
}

export function initCards(listEl, headEl, state) {
  let order = 'newest';
  let limit = PAGE_SIZE;
  const rendered = new Map();
  const count = h('span', { class: 'list-count', 'aria-live': 'polite' });
  const sort = h('select', { 'aria-label': 'Sort events', on: { change: (e) => { order = e.target.value; render(); } } },
    h('option', { value: 'newest', text: 'newest first' }), h('option', { value: 'oldest', text: 'oldest first' }),
    h('option', { value: 'fatalities', text: 'most fatalities' }),
    h('option', { value: 'sources', text: 'most independent sources' }));
  headEl.append(count, h('label', { class: 'sort' }, 'Sort ', sort));

  function render() {
    clear(listEl);
    rendered.clear();
    const total = state.data.events.length;
    const shown = state.visible;
    count.textContent = total === shown.length ? plural(total, 'event') : `${shown.length} of ${plural(total, 'event')}`;
    if (total === 0) {
      listEl.append(h('div', { class: 'empty' },
        h('strong', { text: 'No events in this report.' }),
        h('p', { text: 'No event was extracted from the documents. The Outlets and Documents tabs still show what was read.' })));
      return;
    }
    if (shown.length === 0) {
      listEl.append(h('div', { class: 'empty' }, h('strong', { text: 'No event matches the filters.' }),
        h('p', { text: 'Widen the date range or clear the filters.' })));
      return;
    }
    const sorted = sortEvents(shown, order);
    if (state.selected) {
      const at = sorted.findIndex((e) => e.id === state.selected);
      if (at >= limit) limit = at + 1;
    }
    for (const ev of sorted.slice(0, limit)) {
      const c = card(ev, state);
      rendered.set(ev.id, c);
      listEl.append(c.el);
      if (ev.id === state.selected) {
        c.el.classList.add('selected');
        c.setOpen(true);
      }
    }
    if (sorted.length > limit) {
      listEl.append(h('button', {
        type: 'button', class: 'more', on: { click: () => { limit += PAGE_SIZE; render(); } },
      }, `show ${Math.min(PAGE_SIZE, sorted.length - limit)} more of ${sorted.length - limit}`));
    }
  }

  state.on('filters', () => { limit = PAGE_SIZE; render(); });
  state.on('select', ({ id, origin }) => {
    if (origin === 'map' && !rendered.has(id)) render();
    for (const [cid, c] of rendered) {
      c.el.classList.toggle('selected', cid === id);
      if (cid === id && origin === 'map') {
        c.setOpen(true);
        c.el.scrollIntoView({ block: 'start' });
        c.el.querySelector('.card-head').focus({ preventScroll: true });
      }
    }
  });
  render();
}
