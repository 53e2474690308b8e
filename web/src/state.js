// Filters, selection and a tiny event bus shared by the map, timeline, list and document view.

export function emptyFilters() {
  return { from: null, to: null, hiddenTypes: new Set(), minSources: 0, query: '', contradicted: false };
}

export function haystack(ev) {
  return [
    ev.type, ev.sub_type, ev.actor1, ev.assoc_actor_1, ev.actor2, ev.assoc_actor_2, ev.location, ev.admin1,
    ev.country, ev.notes, ev.claimed_by, ev.id, ...ev.sources.map((s) => `${s.outlet ?? ''} ${s.sentence}`),
  ].filter(Boolean).join('\n').toLowerCase();
}

/** Whether an event passes the filters; `ignoreDates` for the timeline, which shows the whole span. */
export function matches(ev, f, { ignoreDates = false } = {}) {
  if (f.hiddenTypes.has(ev.type)) return false;
  if (ev.independent_sources < f.minSources) return false;
  if (f.contradicted && ev.contradictions.length === 0) return false;
  if (!ignoreDates && (f.from || f.to)) {
    if (!ev.date) return false;
    if (f.from && ev.date < f.from) return false;
    if (f.to && ev.date > f.to) return false;
  }
  if (f.query) {
    const terms = f.query.toLowerCase().split(/\s+/).filter(Boolean);
    ev._hay ??= haystack(ev);
    if (!terms.every((t) => ev._hay.includes(t))) return false;
  }
  return true;
}

export function sortEvents(events, order) {
  const byDate = (a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id);
  const copy = [...events];
  if (order === 'oldest') return copy.sort(byDate);
  if (order === 'fatalities') return copy.sort((a, b) => (b.fatalities ?? -1) - (a.fatalities ?? -1) || byDate(b, a));
  if (order === 'sources') return copy.sort((a, b) => b.independent_sources - a.independent_sources || byDate(b, a));
  return copy.sort((a, b) => byDate(b, a));
}

export class AppState {
  constructor(data) {
    this.data = data;
    this.filters = emptyFilters();
    this.selected = null;
    this.listeners = new Map();
    this.visible = data.events;
  }

  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, []);
    this.listeners.get(name).push(fn);
  }

  emit(name, detail) {
    for (const fn of this.listeners.get(name) ?? []) fn(detail);
  }

  setFilters(patch, origin = null) {
    Object.assign(this.filters, patch);
    this.visible = this.data.events.filter((ev) => matches(ev, this.filters));
    this.emit('filters', { origin });
  }

  select(id, origin = null) {
    this.selected = id;
    this.emit('select', { id, origin });
  }

  openDocument(docId, span = null) {
    this.emit('open-document', { docId, span });
  }
}
