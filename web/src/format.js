// Text formatting helpers (pure functions, unit-tested with node --test).

export const TIME_PRECISION = { 1: 'exact day', 2: 'within a week', 3: 'month or wider' };
export const TIME_PRECISION_SHORT = { 1: '', 2: '±week', 3: '±month' };
export const GEO_PRECISION = { 1: 'named place', 2: 'near / part of a place', 3: 'region only' };

// How many characters of context to show each side of a quoted source sentence; chosen so that a
// typical news paragraph (300–600 characters) fits whole while a run-on page stays readable.
export const CONTEXT_CHARS = 320;
// Titles longer than this are cut in lists (a hostile 1 MB title must not blow up the layout).
export const TITLE_CHARS = 160;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function truncate(value, max) {
  const s = value == null ? '' : String(value);
  return s.length > max ? `${s.slice(0, Math.max(0, max - 1)).trimEnd()}…` : s;
}

/** "12 Mar 2024" for an ISO date; the input unchanged when it is not one; "undated" for null. */
export function fmtDate(iso) {
  if (!iso) return 'undated';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return String(iso);
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : String(iso);
}

export function fmtInt(n) {
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}

/** "12" / "10–15 (reported 12)" / "unknown" from fatalities and [min, max]. */
export function fmtFatalities(fatalities, range) {
  const hasRange = Array.isArray(range) && range.length === 2 && range.every((x) => Number.isFinite(x));
  if (hasRange && range[0] !== range[1]) {
    const span = `${fmtInt(range[0])}–${fmtInt(range[1])}`;
    return fatalities == null ? span : `${fmtInt(fatalities)} (sources say ${span})`;
  }
  if (fatalities != null) return fmtInt(fatalities);
  if (hasRange) return fmtInt(range[0]);
  return 'unknown';
}

export function plural(n, one, many = `${one}s`) {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

/** A value of a contradiction as display text (numbers, strings, lists, objects). */
export function fmtValue(value) {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Where a source sentence sits in its document's text.
 * Returns {start, end, exact} with valid offsets, or null when the sentence cannot be located:
 * the given offsets are used when they point at the sentence (whitespace-insensitive); otherwise
 * the sentence is searched for in the text (exact=false).
 */
export function locate(text, sentence, start, end) {
  if (typeof text !== 'string' || !text) return null;
  const sent = typeof sentence === 'string' ? sentence.trim() : '';
  const valid = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= text.length;
  if (valid && (!sent || text.slice(start, end).trim() === sent)) return { start, end, exact: true };
  if (sent) {
    const at = text.indexOf(sent);
    if (at >= 0) return { start: at, end: at + sent.length, exact: false };
  }
  return null;
}

/** Split text around [start, end) into {before, match, after}, with at most `radius` characters each
 * side, cut at paragraph breaks and word boundaries, with ellipses where text was left out. */
export function contextOf(text, start, end, radius = CONTEXT_CHARS) {
  let from = Math.max(0, start - radius);
  let to = Math.min(text.length, end + radius);
  const para0 = text.lastIndexOf('\n\n', start);
  if (para0 >= from) from = para0 + 2;
  const para1 = text.indexOf('\n\n', end);
  if (para1 >= 0 && para1 <= to) to = para1;
  if (from > 0 && from !== para0 + 2) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < start) from = space + 1;
  }
  if (to < text.length && to !== para1) {
    const space = text.lastIndexOf(' ', to);
    if (space > end) to = space;
  }
  const before = (from > 0 && from !== para0 + 2 ? '…' : '') + text.slice(from, start);
  const after = text.slice(end, to) + (to < text.length && to !== para1 ? '…' : '');
  return { before, match: text.slice(start, end), after };
}

export function stanceClass(stance) {
  const s = String(stance ?? '').toLowerCase();
  if (/(neg|hostile|deleg|pejor|derog|critical|unfav)/.test(s)) return 'stance-neg';
  if (/(pos|sympath|legit|favou?r|heroic|support)/.test(s)) return 'stance-pos';
  return 'stance-neutral';
}
