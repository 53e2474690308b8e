// Turn the report payload (untrusted: built from article text) into the shapes the app expects.
// Anything malformed is dropped or defaulted, and the problems are listed, so one bad record never
// stops the report from rendering.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

export function str(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return null;
}

function text(v) {
  return str(v) ?? '';
}

function int(v, { min = -Infinity, max = Infinity } = {}) {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max ? Math.round(n) : null;
}

function num(v, min, max) {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : null;
}

export function isoDate(v) {
  if (typeof v !== 'string') return null;
  const m = ISO_DATE.exec(v);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3]) ? null : m[0];
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function list(v) {
  return Array.isArray(v) ? v : [];
}

function strings(v) {
  return list(v).map(str).filter((s) => s !== null);
}

function source(s) {
  if (!isObject(s)) return null;
  return {
    doc_id: text(s.doc_id),
    outlet: str(s.outlet),
    sentence: text(s.sentence),
    start: int(s.start, { min: 0 }),
    end: int(s.end, { min: 0 }),
  };
}

function contradiction(c) {
  if (!isObject(c)) return null;
  const values = list(c.values).filter(isObject).map((v) => ({ value: v.value, doc_ids: strings(v.doc_ids) }));
  return { field: text(c.field) || 'value', values, note: text(c.note) };
}

export function normalizeEvent(ev, index) {
  const sources = list(ev.sources).map(source).filter(Boolean);
  let range = null;
  if (Array.isArray(ev.fatalities_range) && ev.fatalities_range.length === 2) {
    const lo = int(ev.fatalities_range[0], { min: 0 });
    const hi = int(ev.fatalities_range[1], { min: 0 });
    if (lo !== null && hi !== null) range = [Math.min(lo, hi), Math.max(lo, hi)];
  }
  const lat = num(ev.latitude, -90, 90);
  const lon = num(ev.longitude, -180, 180);
  return {
    id: str(ev.event_id) || `event-${index + 1}`,
    date: isoDate(ev.event_date),
    time_precision: int(ev.time_precision, { min: 1, max: 3 }),
    type: str(ev.event_type) || 'Unknown',
    sub_type: text(ev.sub_event_type),
    actor1: str(ev.actor1),
    assoc_actor_1: str(ev.assoc_actor_1),
    actor2: str(ev.actor2),
    assoc_actor_2: str(ev.assoc_actor_2),
    location: str(ev.location),
    admin1: str(ev.admin1),
    country: str(ev.country),
    lat: lat !== null && lon !== null ? lat : null,
    lon: lat !== null && lon !== null ? lon : null,
    geo_precision: int(ev.geo_precision, { min: 1, max: 3 }),
    fatalities: int(ev.fatalities, { min: 0 }),
    fatalities_range: range,
    claimed_by: str(ev.claimed_by),
    sources,
    independent_sources: int(ev.independent_sources, { min: 0 }) ?? 0,
    corroboration: text(ev.corroboration),
    contradictions: list(ev.contradictions).map(contradiction).filter(Boolean),
    notes: text(ev.notes),
  };
}

export function normalizeDocument(d) {
  return {
    doc_id: text(d.doc_id),
    outlet: str(d.outlet),
    origin: str(d.origin),
    title: str(d.title),
    url: str(d.url),
    published: str(d.published),
    language: str(d.language),
    text: text(d.text),
    comments: strings(d.comments),
    removed: list(d.removed).filter(isObject).map((r) => ({ kind: text(r.kind) || 'removed', text: text(r.text) })),
    syndication_group: str(d.syndication_group),
    near_duplicates: list(d.near_duplicates).filter(isObject)
      .map((n) => ({ doc_id: text(n.doc_id), similarity: num(n.similarity, 0, 1) })),
    errors: strings(d.errors),
  };
}

function normalizeGroup(g) {
  return {
    group: text(g.group),
    members: strings(g.members),
    origin: str(g.origin),
    lineage: list(g.lineage).filter(isObject)
      .map((l) => ({ doc_id: text(l.doc_id), copy_of: str(l.copy_of), reason: text(l.reason) })),
  };
}

/** {data, problems}: the normalised payload and a list of what had to be dropped. */
export function normalizePayload(raw) {
  if (!isObject(raw)) throw new Error('the report data is not a JSON object');
  const problems = strings(raw.problems);
  const events = [];
  const seen = new Set();
  list(raw.events).forEach((ev, i) => {
    if (!isObject(ev)) {
      problems.push(`event #${i + 1} is not an object and was skipped`);
      return;
    }
    const e = normalizeEvent(ev, i);
    if (seen.has(e.id)) {
      problems.push(`event id ${e.id} appears twice; the copy at #${i + 1} was renamed`);
      e.id = `${e.id}~${i + 1}`;
    }
    seen.add(e.id);
    events.push(e);
  });
  const documents = [];
  const docsById = new Map();
  list(raw.documents).forEach((d, i) => {
    if (!isObject(d)) {
      problems.push(`document #${i + 1} is not an object and was skipped`);
      return;
    }
    const doc = normalizeDocument(d);
    if (!doc.doc_id || docsById.has(doc.doc_id)) {
      problems.push(`document #${i + 1} has a missing or repeated doc_id and was skipped`);
      return;
    }
    docsById.set(doc.doc_id, doc);
    documents.push(doc);
  });
  const framing = isObject(raw.framing) && isObject(raw.framing.outlets) ? raw.framing.outlets : {};
  const groups = isObject(raw.syndication) ? list(raw.syndication.groups).filter(isObject).map(normalizeGroup) : [];
  const options = isObject(raw.options) ? raw.options : {};
  return {
    data: {
      generated_at: str(raw.generated_at),
      version: str(raw.version),
      tile_url: str(options.tile_url),
      summary: isObject(raw.summary) ? raw.summary : {},
      events,
      documents,
      docsById,
      places: list(raw.places).filter(isObject),
      framing,
      groups,
    },
    problems,
  };
}
