// The event map: Leaflet over an offline Natural Earth basemap (world-atlas via topojson-client), or an
// online tile layer when the report was built with a tile URL.
import * as L from 'leaflet';
import { feature } from 'topojson-client';
import { PRECISION_RADIUS_M, markerRadius, typeColor, typesOf } from './colors.js';
import { GEO_PRECISION, fmtDate, fmtFatalities, plural } from './format.js';
import { h, safeUrl } from './dom.js';
import { unwrapGeometry } from './geo.js';

// Zoom used when the report fits the view to its events: close enough to tell villages apart, far
// enough that a single event still shows the surrounding region.
const FIT_MAX_ZOOM = 8;
const WORLD_VIEW = { center: [15, 20], zoom: 2 };
// The legend starts folded on maps narrower than this (phones), where it would cover the events.
const LEGEND_OPEN_MIN_WIDTH = 600;
const LEGEND_SIZES = [0, 10, 50];

function readBasemap() {
  const el = document.getElementById('fw-basemap');
  if (!el) return null;
  try {
    const topo = JSON.parse(el.textContent);
    const name = topo.objects.countries ? 'countries' : Object.keys(topo.objects)[0];
    const collection = feature(topo, topo.objects[name]);
    collection.features = collection.features.map((f) => ({ ...f, geometry: unwrapGeometry(f.geometry) }));
    return collection;
  } catch (err) {
    console.warn('frontwatch: basemap unreadable', err);
    return null;
  }
}

function tileLayer(template) {
  const href = safeUrl(template?.replace(/\{[a-z]+\}/g, '0'));
  if (!href) return null;
  let host = '';
  try {
    host = new URL(href).host;
  } catch {
    host = '';
  }
  const attribution = document.createElement('span');
  attribution.textContent = `tiles: ${host}`;
  return L.tileLayer(template, { maxZoom: 18, attribution: attribution.outerHTML, crossOrigin: false });
}

function tooltipFor(ev) {
  return h('div', { class: 'map-tip' },
    h('strong', { text: ev.type }),
    h('div', { text: `${fmtDate(ev.date)} · ${ev.location ?? 'unknown place'}` }),
    h('div', { text: `fatalities: ${fmtFatalities(ev.fatalities, ev.fatalities_range)}` }));
}

function legend(el, events, onToggle, state) {
  const ctl = L.control({ position: 'bottomright' });
  ctl.onAdd = () => {
    const box = h('div', { class: 'legend-body' });
    const wrap = h('details', { class: 'legend', open: events.length > 0 && el.clientWidth >= LEGEND_OPEN_MIN_WIDTH },
      h('summary', { text: 'Legend' }), box);
    L.DomEvent.disableClickPropagation(wrap);
    L.DomEvent.disableScrollPropagation(wrap);
    const types = typesOf(events);
    box.append(h('div', { class: 'legend-title', text: 'Event type' }));
    if (types.length === 0) box.append(h('div', { class: 'muted', text: 'no events' }));
    for (const t of types) {
      const n = events.filter((e) => e.type === t).length;
      const btn = h('button', {
        type: 'button', class: 'legend-item', 'aria-pressed': 'true', dataset: { type: t },
        title: `Show or hide ${t}`, on: { click: () => onToggle(t) },
      }, h('span', { class: 'swatch', style: { background: typeColor(t) } }), h('span', { text: t }),
      h('span', { class: 'legend-count', text: String(n) }));
      box.append(btn);
    }
    box.append(
      h('div', { class: 'legend-title', text: 'Size: fatalities' }),
      h('div', { class: 'legend-sizes' }, LEGEND_SIZES.map((f) => h('span', { class: 'legend-size' },
        h('span', { class: 'dot', style: { width: `${2 * markerRadius(f)}px`, height: `${2 * markerRadius(f)}px` } }),
        h('span', { text: f === 0 ? 'none/unknown' : String(f) })))),
      h('div', { class: 'legend-row' }, h('span', { class: 'halo' }), h('span', { text: 'approximate place' })),
    );
    const update = () => {
      for (const btn of box.querySelectorAll('.legend-item')) {
        const hidden = state.filters.hiddenTypes.has(btn.dataset.type);
        btn.setAttribute('aria-pressed', String(!hidden));
        btn.classList.toggle('off', hidden);
      }
    };
    state.on('filters', update);
    return wrap;
  };
  return ctl;
}

export function initMap(el, state) {
  const { events } = state.data;
  const map = L.map(el, {
    worldCopyJump: true, preferCanvas: false, zoomSnap: 0.5, attributionControl: false, keyboard: true,
  });
  L.control.attribution({ prefix: false }).addTo(map);
  const tiles = tileLayer(state.data.tile_url);
  if (tiles) {
    tiles.addTo(map);
  } else {
    el.classList.add('offline-basemap');
    const countries = readBasemap();
    if (countries) {
      L.geoJSON(countries, {
        renderer: L.canvas({ padding: 0.5 }),
        interactive: false,
        style: { color: '#9aa5b1', weight: 0.7, fillColor: '#f5f3ee', fillOpacity: 1 },
      }).addTo(map);
      map.attributionControl.addAttribution('Natural Earth (world-atlas)');
    }
  }

  const markers = new Map();
  const halos = L.layerGroup().addTo(map);
  const points = L.layerGroup().addTo(map);
  const located = events.filter((e) => e.lat !== null);
  for (const ev of located) {
    const color = typeColor(ev.type);
    const marker = L.circleMarker([ev.lat, ev.lon], {
      radius: markerRadius(ev.fatalities), color: '#1f2933', weight: 1, fillColor: color, fillOpacity: 0.85,
      className: 'fw-marker',
    });
    marker.bindTooltip(tooltipFor(ev), { direction: 'top', offset: [0, -4] });
    marker.on('click', () => state.select(ev.id, 'map'));
    let halo = null;
    if (PRECISION_RADIUS_M[ev.geo_precision]) {
      halo = L.circle([ev.lat, ev.lon], {
        radius: PRECISION_RADIUS_M[ev.geo_precision], color, weight: 1, opacity: 0.5, fillOpacity: 0.12,
        interactive: false, className: 'fw-halo',
      });
      halo.bindTooltip(GEO_PRECISION[ev.geo_precision]);
    }
    markers.set(ev.id, { marker, halo, ev });
  }

  const note = L.control({ position: 'topright' });
  note.onAdd = () => {
    const box = h('div', { class: 'map-note' });
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  note.addTo(map);
  const noteBox = note.getContainer();

  const fit = () => {
    const shown = state.visible.filter((e) => e.lat !== null).map((e) => [e.lat, e.lon]);
    if (shown.length) map.fitBounds(L.latLngBounds(shown), { padding: [30, 30], maxZoom: FIT_MAX_ZOOM });
    else map.setView(WORLD_VIEW.center, WORLD_VIEW.zoom);
  };
  const fitCtl = L.control({ position: 'topleft' });
  fitCtl.onAdd = () => h('button', {
    type: 'button', class: 'map-fit', title: 'Zoom to the events shown', 'aria-label': 'Zoom to the events shown',
    on: { click: (e) => { L.DomEvent.stop(e); fit(); } },
  }, '⤢');
  fitCtl.addTo(map);
  legend(el, events, (t) => {
    const hidden = new Set(state.filters.hiddenTypes);
    if (hidden.has(t)) hidden.delete(t);
    else hidden.add(t);
    state.setFilters({ hiddenTypes: hidden }, 'legend');
  }, state).addTo(map);

  const render = () => {
    halos.clearLayers();
    points.clearLayers();
    const visibleIds = new Set(state.visible.map((e) => e.id));
    for (const [id, m] of markers) {
      if (!visibleIds.has(id)) continue;
      if (m.halo) halos.addLayer(m.halo);
      points.addLayer(m.marker);
      const path = m.marker.getElement();
      if (path) {
        path.setAttribute('data-event-id', id);
        path.classList.toggle('selected', id === state.selected);
      }
    }
    const unplaced = state.visible.length - state.visible.filter((e) => e.lat !== null).length;
    noteBox.textContent = events.length === 0 ? 'No events in this report'
      : `${plural(visibleIds.size - unplaced, 'event')} on the map${unplaced ? `, ${unplaced} without coordinates` : ''}`;
  };

  state.on('filters', render);
  state.on('select', ({ id, origin }) => {
    for (const [mid, m] of markers) {
      const path = m.marker.getElement();
      if (path) path.classList.toggle('selected', mid === id);
      if (mid === id) {
        m.marker.setStyle({ weight: 3, color: '#0b1726' });
        m.marker.bringToFront();
        if (origin !== 'map' && points.hasLayer(m.marker)) {
          map.panTo([m.ev.lat, m.ev.lon], { animate: true });
        }
      } else {
        m.marker.setStyle({ weight: 1, color: '#1f2933' });
      }
    }
  });
  render();
  fit();
  // The container may be sized after first layout (narrow screens): keep Leaflet's size in step.
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => map.invalidateSize()).observe(el);
  return { map, fit };
}
