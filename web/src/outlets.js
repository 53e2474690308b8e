// The outlet panel: how each outlet labels each actor (framing), its loaded terms, and the
// syndication families (documents that are copies of one text).
import { fmtInt, plural, stanceClass, truncate, TITLE_CHARS } from './format.js';
import { h } from './dom.js';

// Labels and terms shown per actor / outlet before "more" (the rest stay one click away).
const CHIPS_SHOWN = 12;

function examples(list, state) {
  const items = Array.isArray(list) ? list.filter((x) => x && typeof x === 'object') : [];
  if (!items.length) return h('p', { class: 'muted small', text: 'no example recorded' });
  return h('ul', { class: 'examples' }, items.slice(0, 5).map((ex) => {
    const sentence = typeof ex.sentence === 'string' ? ex.sentence : '';
    const docId = typeof ex.doc_id === 'string' ? ex.doc_id : '';
    const start = Number.isInteger(ex.start) ? ex.start : null;
    const end = Number.isInteger(ex.end) ? ex.end : null;
    const doc = state.data.docsById.get(docId);
    return h('li', null, h('q', { text: truncate(sentence, 600) }), ' ',
      doc ? h('button', {
        type: 'button', class: 'link-button',
        on: { click: () => state.openDocument(docId, start !== null && end !== null ? { start, end } : null) },
      }, docId) : h('span', { class: 'muted', text: docId }));
  }));
}

function chip(label, count, extraClass, title) {
  return h('span', { class: `chip ${extraClass}`, title }, label, h('span', { class: 'chip-count', text: ` ×${fmtInt(count)}` }));
}

function chipsWithExamples(items, state, makeChip) {
  const wrap = h('div', { class: 'chips' });
  items.slice(0, CHIPS_SHOWN).forEach((item) => {
    wrap.append(h('details', { class: 'chip-details' }, h('summary', null, makeChip(item)), examples(item.examples, state)));
  });
  if (items.length > CHIPS_SHOWN) wrap.append(h('span', { class: 'muted small', text: `+${items.length - CHIPS_SHOWN} more` }));
  return wrap;
}

function outletCard(name, info, docCount, state) {
  const actors = info && typeof info.actors === 'object' && info.actors ? Object.entries(info.actors) : [];
  actors.sort((a, b) => (Number(b[1]?.mentions) || 0) - (Number(a[1]?.mentions) || 0));
  const loaded = Array.isArray(info?.loaded_terms) ? info.loaded_terms.filter((t) => t && typeof t === 'object') : [];
  loaded.sort((a, b) => (Number(b.count) || 0) - (Number(a.count) || 0));
  const per1000 = Number(info?.loaded_per_1000_words);
  const docs = Number.isFinite(Number(info?.documents)) ? Number(info.documents) : docCount;
  return h('section', { class: 'outlet-card', dataset: { outlet: name } },
    h('header', null, h('h3', { text: name }),
      h('span', { class: 'muted', text: plural(docs, 'document') }),
      Number.isFinite(per1000) ? h('span', {
        class: 'badge loaded', title: 'loaded-language terms per 1,000 words',
      }, `${per1000.toFixed(1)} loaded / 1k words`) : null),
    actors.length ? h('table', { class: 'framing' },
      h('thead', null, h('tr', null, h('th', { text: 'Actor' }), h('th', { text: 'Mentions' }), h('th', { text: 'Labels used' }))),
      h('tbody', null, actors.map(([actor, a]) => {
        const labels = Array.isArray(a?.labels) ? a.labels.filter((l) => l && typeof l === 'object') : [];
        labels.sort((x, y) => (Number(y.count) || 0) - (Number(x.count) || 0));
        return h('tr', null, h('th', { scope: 'row', text: actor }), h('td', { text: fmtInt(Number(a?.mentions)) }),
          h('td', null, labels.length ? chipsWithExamples(labels, state,
            (l) => chip(String(l.label ?? ''), Number(l.count) || 0, stanceClass(l.stance), `stance: ${l.stance ?? 'unknown'}`))
            : h('span', { class: 'muted', text: 'no label' })));
      }))) : h('p', { class: 'muted', text: 'No framing labels recorded for this outlet.' }),
    h('div', { class: 'block-title', text: 'Loaded terms' }),
    loaded.length ? chipsWithExamples(loaded, state,
      (t) => chip(String(t.term ?? ''), Number(t.count) || 0, 'loaded', `category: ${t.category ?? 'unknown'}`))
      : h('p', { class: 'muted small', text: 'none found' }));
}

function families(state) {
  const { groups, docsById } = state.data;
  const fams = groups.filter((g) => g.members.length > 1);
  if (!fams.length) return h('p', { class: 'muted', text: 'No syndicated copies were found: every document stands on its own.' });
  return h('div', { class: 'families' }, fams.map((g) => {
    const copyOf = new Map(g.lineage.map((l) => [l.doc_id, l]));
    return h('section', { class: 'family', dataset: { group: g.group } },
      h('header', null, h('strong', { text: `Family ${g.group}` }), ' ',
        h('span', { class: 'muted', text: `${plural(g.members.length, 'copy', 'copies')}${g.origin ? ` · origin: ${g.origin}` : ''}` })),
      h('ol', null, g.members.map((id) => {
        const doc = docsById.get(id);
        const lin = copyOf.get(id);
        return h('li', null,
          doc ? h('button', { type: 'button', class: 'link-button', on: { click: () => state.openDocument(id) } },
            truncate(doc.title || id, TITLE_CHARS)) : h('span', { text: id }),
          h('span', { class: 'muted', text: ` — ${doc?.outlet ?? 'unknown outlet'}` }),
          lin?.copy_of ? h('div', { class: 'lineage small' }, `copy of ${lin.copy_of}`,
            lin.reason ? h('span', { class: 'muted', text: ` (${lin.reason})` }) : null) : null);
      })));
  }));
}

export function initOutlets(el, state) {
  const { documents, framing } = state.data;
  const docCounts = new Map();
  for (const d of documents) {
    const name = d.outlet || 'unknown outlet';
    docCounts.set(name, (docCounts.get(name) ?? 0) + 1);
  }
  const names = [...new Set([...Object.keys(framing), ...docCounts.keys()])];
  names.sort((a, b) => (docCounts.get(b) ?? 0) - (docCounts.get(a) ?? 0) || a.localeCompare(b));
  el.append(
    h('div', { class: 'panel-intro' }, h('h2', { text: 'Outlets' }),
      h('p', { class: 'muted', text: 'How each outlet names the actors, the loaded language it uses, and which documents are copies of one text. Click a label to see example sentences.' })),
    h('div', { class: 'outlet-grid' }, names.length ? names.map((n) => outletCard(n, framing[n], docCounts.get(n) ?? 0, state))
      : h('p', { class: 'muted', text: 'No outlets in this report.' })),
    h('h2', { text: 'Syndication families' }),
    families(state));
}
