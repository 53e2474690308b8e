// The timeline: events per day (or week, for long spans) stacked by type, with a brush that sets the
// date filter. The date inputs and the brush stay in step.
import { max } from 'd3-array';
import { axisBottom, axisLeft } from 'd3-axis';
import { brushX } from 'd3-brush';
import { scaleLinear, scaleUtc } from 'd3-scale';
import { select } from 'd3-selection';
import { utcDay, utcWeek } from 'd3-time';
import { utcFormat } from 'd3-time-format';
import { typeColor, typesOf } from './colors.js';
import { matches } from './state.js';
import { h, clear } from './dom.js';

// Spans longer than this many days are binned by week so bars stay wider than a few pixels.
const WEEKLY_AFTER_DAYS = 120;
const HEIGHT = 132;
const MARGIN = { top: 10, right: 14, bottom: 22, left: 30 };
const isoDay = utcFormat('%Y-%m-%d');

export function parseDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function initTimeline(el, state) {
  const dated = state.data.events.filter((e) => e.date);
  const undated = state.data.events.length - dated.length;
  const box = h('div', { class: 'timeline-plot' });
  const caption = h('div', { class: 'timeline-caption' });
  el.append(caption, box);
  if (dated.length === 0) {
    caption.textContent = state.data.events.length ? 'No dated events to show on the timeline' : 'No events';
    return { update() {} };
  }
  const days = dated.map((e) => parseDay(e.date));
  let lo = utcDay.floor(new Date(Math.min(...days)));
  let hi = utcDay.offset(utcDay.floor(new Date(Math.max(...days))), 1);
  const spanDays = utcDay.count(lo, hi);
  const interval = spanDays > WEEKLY_AFTER_DAYS ? utcWeek : utcDay;
  lo = interval.floor(lo);
  hi = interval.ceil(hi);
  if (+lo === +hi) hi = interval.offset(lo, 1);
  // Pad a very short span so a single day is not the full width.
  if (interval.count(lo, hi) < 7) {
    lo = interval.offset(lo, -3);
    hi = interval.offset(hi, 3);
  }
  caption.textContent = `Events per ${interval === utcWeek ? 'week' : 'day'} — drag across the chart to filter by date`
    + (undated ? ` (${undated} undated not shown)` : '');

  const svg = select(box).append('svg').attr('role', 'img')
    .attr('aria-label', 'Timeline of events by date; drag to choose a date range');
  const x = scaleUtc().domain([lo, hi]);
  const y = scaleLinear();
  const gBars = svg.append('g').attr('class', 'bars');
  const gX = svg.append('g').attr('class', 'axis x');
  const gY = svg.append('g').attr('class', 'axis y');
  const gBrush = svg.append('g').attr('class', 'brush');
  let width = 0;
  let moving = false;

  const brush = brushX().on('end', (event) => {
    if (moving || !event.sourceEvent) return;
    if (!event.selection) {
      state.setFilters({ from: null, to: null }, 'brush');
      return;
    }
    const [a, b] = event.selection.map(x.invert);
    const from = utcDay.round(a);
    let to = utcDay.offset(utcDay.round(b), -1);
    if (to < from) to = from;
    state.setFilters({ from: isoDay(from), to: isoDay(to) }, 'brush');
  });

  const bins = () => {
    const counts = new Map();
    for (const ev of dated) {
      if (!matches(ev, state.filters, { ignoreDates: true })) continue;
      const key = +interval.floor(parseDay(ev.date));
      if (!counts.has(key)) counts.set(key, new Map());
      const perType = counts.get(key);
      perType.set(ev.type, (perType.get(ev.type) ?? 0) + 1);
    }
    const order = typesOf(dated);
    const rects = [];
    for (const [key, perType] of counts) {
      let y0 = 0;
      for (const t of order) {
        const n = perType.get(t) ?? 0;
        if (!n) continue;
        rects.push({ x0: new Date(key), x1: interval.offset(new Date(key), 1), y0, y1: y0 + n, type: t, n });
        y0 += n;
      }
    }
    return rects;
  };

  const syncBrush = () => {
    moving = true;
    const { from, to } = state.filters;
    if (from || to) {
      const a = from ? parseDay(from) : lo;
      const b = to ? utcDay.offset(parseDay(to), 1) : hi;
      gBrush.call(brush.move, [x(a < lo ? lo : a), x(b > hi ? hi : b)]);
    } else {
      gBrush.call(brush.move, null);
    }
    moving = false;
  };

  const draw = () => {
    width = Math.max(200, box.clientWidth);
    svg.attr('width', width).attr('height', HEIGHT);
    x.range([MARGIN.left, width - MARGIN.right]);
    const rects = bins();
    const tallest = max(rects, (r) => r.y1) ?? 1;
    y.domain([0, Math.max(1, tallest)]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    gX.attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 90))).tickSizeOuter(0));
    gY.attr('transform', `translate(${MARGIN.left},0)`)
      .call(axisLeft(y).ticks(3).tickFormat((d) => (Number.isInteger(d) ? String(d) : '')));
    gBars.selectAll('rect').data(rects).join('rect')
      .attr('x', (r) => x(r.x0) + 0.5)
      .attr('width', (r) => Math.max(1, x(r.x1) - x(r.x0) - 1))
      .attr('y', (r) => y(r.y1))
      .attr('height', (r) => Math.max(0, y(r.y0) - y(r.y1)))
      .attr('fill', (r) => typeColor(r.type))
      .selectAll('title').data((r) => [r]).join('title')
      .text((r) => `${isoDay(r.x0)}: ${r.n} × ${r.type}`);
    brush.extent([[MARGIN.left, MARGIN.top - 4], [width - MARGIN.right, HEIGHT - MARGIN.bottom]]);
    gBrush.call(brush);
    syncBrush();
  };

  state.on('filters', ({ origin }) => {
    if (origin === 'brush') return;
    draw();
  });
  if (typeof ResizeObserver !== 'undefined') {
    let last = 0;
    new ResizeObserver(() => {
      if (Math.abs(box.clientWidth - last) > 2) {
        last = box.clientWidth;
        draw();
      }
    }).observe(box);
  }
  draw();
  return { update: draw, domain: [isoDay(lo), isoDay(utcDay.offset(hi, -1))], clear: () => clear(box) };
}
