// Safe DOM construction. Every piece of untrusted text goes through textContent or setAttribute on an
// allow-listed attribute; nothing in the app ever assigns innerHTML. Links are made only for http(s) URLs.

const SAFE_PROTOCOLS = new Set(['http:', 'https:']);

/** The normalised href of an absolute http(s) URL, or null for anything else (javascript:, data:, relative...). */
export function safeUrl(value) {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > 4096) return null;
  let url;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}

/**
 * Create an element: h('a', {class: 'x', href: url, on: {click: fn}}, 'text', child...).
 * - `text` sets textContent; string children become text nodes;
 * - `href`/`src` only accept safe URLs (anything else is dropped);
 * - attribute names starting with "on" are refused (use the `on` object of listeners).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = String(value);
      else if (key === 'on') for (const [name, fn] of Object.entries(value)) el.addEventListener(name, fn);
      else if (key === 'dataset') for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
      else if (key === 'style') for (const [k, v] of Object.entries(value)) el.style.setProperty(k, String(v));
      else if (key === 'href' || key === 'src') {
        const url = safeUrl(value);
        if (url) el.setAttribute(key, url);
      } else if (/^on/i.test(key)) throw new Error(`refusing event-handler attribute ${key}`);
      else if (value === true) el.setAttribute(key, '');
      else el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A link for an http(s) URL (new tab, no referrer, nofollow); other URLs are shown as plain text. */
export function externalLink(url, label) {
  const href = safeUrl(url);
  const text = label ?? (typeof url === 'string' ? url : '');
  if (!href) return h('span', { class: 'url-text', title: 'not an http(s) link' }, text);
  return h('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank', class: 'ext' }, text);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Escape text for the few places a library insists on an HTML string (Leaflet attribution/tooltips). */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => (
    { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
