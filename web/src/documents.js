// The document view: a searchable list of documents and a reader showing the clean text, with the
// removed blocks (navigation, appeals, disclaimers...) and reader comments toggled on and off.
import { TITLE_CHARS, fmtDate, plural, truncate } from './format.js';
import { append, clear, externalLink, h } from './dom.js';

// Documents listed before "show more" (the list filter narrows large corpora).
const LIST_PAGE = 200;

function textWithMark(text, span) {
  const box = h('div', { class: 'doc-text' });
  if (span && Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.end > span.start
      && span.end <= text.length) {
    box.append(text.slice(0, span.start), h('mark', { id: 'doc-focus', text: text.slice(span.start, span.end) }),
      text.slice(span.end));
  } else {
    box.textContent = text || '(this document has no text)';
  }
  return box;
}

export function initDocuments(el, state) {
  const { documents } = state.data;
  let current = null;
  let limit = LIST_PAGE;
  const opts = { removed: false, comments: false };
  const filter = h('input', { type: 'search', placeholder: 'Filter documents…', 'aria-label': 'Filter documents' });
  const list = h('ul', { class: 'doc-list', 'aria-label': 'Documents' });
  const reader = h('article', { class: 'reader', 'aria-live': 'polite' });
  el.append(h('div', { class: 'docs-layout' },
    h('aside', { class: 'doc-side' }, filter, list),
    reader));

  const renderList = () => {
    clear(list);
    const q = filter.value.trim().toLowerCase();
    const hits = documents.filter((d) => !q
      || `${d.doc_id}\n${d.title ?? ''}\n${d.outlet ?? ''}`.toLowerCase().includes(q));
    for (const d of hits.slice(0, limit)) {
      list.append(h('li', null, h('button', {
        type: 'button', class: `doc-item${current === d.doc_id ? ' current' : ''}`, dataset: { docId: d.doc_id },
        'aria-current': current === d.doc_id ? 'true' : null, on: { click: () => show(d.doc_id, null) },
      }, h('span', { class: 'doc-item-title', text: truncate(d.title || d.doc_id, TITLE_CHARS) }),
      h('span', { class: 'muted small', text: `${d.outlet ?? 'unknown outlet'} · ${fmtDate(d.published)}` }))));
    }
    if (hits.length > limit) {
      list.append(h('li', null, h('button', {
        type: 'button', class: 'more', on: { click: () => { limit += LIST_PAGE; renderList(); } },
      }, `show more (${hits.length - limit} left)`)));
    }
    if (!hits.length) list.append(h('li', { class: 'muted', text: documents.length ? 'no match' : 'no documents' }));
  };

  function toggle(key, label, n) {
    const input = h('input', {
      type: 'checkbox', checked: opts[key], dataset: { toggle: key },
      on: { change: (e) => { opts[key] = e.target.checked; show(current, lastSpan, false); } },
    });
    return h('label', { class: 'toggle' }, input, ` ${label} (${n})`);
  }

  let lastSpan = null;
  function show(docId, span, scroll = true) {
    current = docId;
    lastSpan = span;
    clear(reader);
    const d = state.data.docsById.get(docId);
    renderList();
    if (!d) {
      reader.append(h('p', { class: 'muted', text: docId ? `Document ${docId} is not in this report.` : 'Choose a document.' }));
      return;
    }
    reader.dataset.docId = d.doc_id;
    const family = state.data.groups.find((g) => g.group === d.syndication_group && g.members.length > 1);
    append(reader, [
      h('header', { class: 'reader-head' },
        h('h2', { text: truncate(d.title || d.doc_id, 1000), title: d.title ?? '' }),
        h('div', { class: 'muted meta' },
          [d.outlet ?? 'unknown outlet', fmtDate(d.published), d.language, `id ${d.doc_id}`].filter(Boolean).join(' · '),
          d.url ? [' · ', externalLink(d.url, 'original ↗')] : null),
        d.origin && d.origin !== d.outlet ? h('div', { class: 'small', text: `origin: ${d.origin}` }) : null,
        family ? h('div', { class: 'small muted' }, `one of ${family.members.length} copies of one text: `,
          family.members.filter((m) => m !== d.doc_id).map((m, i) => [i ? ', ' : '', h('button', {
            type: 'button', class: 'link-button', on: { click: () => show(m, null) },
          }, state.data.docsById.get(m)?.outlet ?? m)])) : null,
        d.near_duplicates.length ? h('div', { class: 'small muted' }, 'near duplicates: ',
          d.near_duplicates.map((n, i) => [i ? ', ' : '', h('button', {
            type: 'button', class: 'link-button', on: { click: () => show(n.doc_id, null) },
          }, n.doc_id), n.similarity !== null ? ` (${Math.round(n.similarity * 100)}%)` : ''])) : null,
        h('div', { class: 'toggles' }, toggle('removed', 'removed blocks', d.removed.length),
          toggle('comments', 'reader comments', d.comments.length))),
      d.errors.length ? h('ul', { class: 'doc-errors' }, d.errors.map((e) => h('li', { text: e }))) : null,
      opts.removed && d.removed.length ? h('section', { class: 'removed-blocks', 'aria-label': 'Removed blocks' },
        h('div', { class: 'block-title', text: 'Removed from the text' }),
        d.removed.map((r) => h('div', { class: 'removed' }, h('span', { class: 'kind', text: r.kind }),
          h('span', { class: 'removed-text', text: truncate(r.text, 5000) })))) : null,
      textWithMark(d.text, span),
      opts.comments && d.comments.length ? h('section', { class: 'comments', 'aria-label': 'Reader comments' },
        h('div', { class: 'block-title', text: plural(d.comments.length, 'reader comment') }),
        d.comments.map((c) => h('blockquote', { class: 'comment', text: truncate(c, 5000) }))) : null,
    ]);
    if (scroll) {
      const focus = reader.querySelector('#doc-focus');
      if (focus) focus.scrollIntoView({ block: 'center' });
      else reader.scrollTop = 0;
    }
  }

  filter.addEventListener('input', () => { limit = LIST_PAGE; renderList(); });
  renderList();
  show(documents[0]?.doc_id ?? null, null, false);
  return { show };
}
