// Event-type colours: the Okabe–Ito palette (distinguishable with the common colour-vision
// deficiencies), one colour per ACLED event type; anything else is grey.
export const TYPE_COLORS = {
  Battles: '#D55E00',
  'Explosions/Remote violence': '#E69F00',
  'Violence against civilians': '#CC79A7',
  Protests: '#0072B2',
  Riots: '#56B4E9',
  'Strategic developments': '#009E73',
};
export const OTHER_COLOR = '#8a8f98';
export const TYPE_ORDER = Object.keys(TYPE_COLORS);

export function typeColor(type) {
  return TYPE_COLORS[type] ?? OTHER_COLOR;
}

/** Types present in the events, in ACLED order, then any others alphabetically. */
export function typesOf(events) {
  const present = new Set(events.map((e) => e.type));
  const known = TYPE_ORDER.filter((t) => present.has(t));
  const other = [...present].filter((t) => !TYPE_COLORS[t]).sort();
  return [...known, ...other];
}

// Marker radius in pixels: 5 px for an event without a fatality count, growing with the square root of
// the count (so the marker's area tracks fatalities), capped so a mass-casualty event does not hide
// its neighbours at country zoom.
export const RADIUS_MIN = 5;
export const RADIUS_PER_SQRT = 2.2;
export const RADIUS_MAX = 26;

export function markerRadius(fatalities) {
  if (fatalities == null || fatalities <= 0) return RADIUS_MIN;
  return Math.min(RADIUS_MAX, RADIUS_MIN + RADIUS_PER_SQRT * Math.sqrt(fatalities));
}

// Uncertainty circles (metres) for ACLED geo_precision: 2 = "near / part of" a place (a few km around
// the town: 10 km), 3 = region only (the event sits at an admin-1 centroid: 50 km).
export const PRECISION_RADIUS_M = { 2: 10_000, 3: 50_000 };
