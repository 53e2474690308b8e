import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeUrl } from '../src/dom.js';
import { unwrapRing } from '../src/geo.js';
import { isoDate, normalizePayload } from '../src/normalize.js';
import { emptyFilters, matches, sortEvents } from '../src/state.js';

test('safeUrl accepts only absolute http(s) URLs', () => {
  assert.equal(safeUrl('https://example.org/a?b=1'), 'https://example.org/a?b=1');
  assert.equal(safeUrl(' http://example.org '), 'http://example.org/');
  for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,x',
    'vbscript:x', '/relative', '//example.org', '', null, 42, 'java\nscript:alert(1)']) {
    assert.equal(safeUrl(bad), null, String(bad));
  }
});

test('isoDate accepts real calendar dates only', () => {
  assert.equal(isoDate('2024-02-29'), '2024-02-29');
  assert.equal(isoDate('2024-02-30'), null);
  assert.equal(isoDate('2024-03-05T10:00:00Z'), '2024-03-05');
  assert.equal(isoDate('March 5'), null);
  assert.equal(isoDate(20240305), null);
});

test('normalizePayload drops malformed records and lists the problems', () => {
  const { data, problems } = normalizePayload({
    events: [
      { event_id: 'a', event_date: '2024-03-01', latitude: 95, longitude: 10, sources: [null, { doc_id: 'd1' }] },
      'not an event',
      { event_id: 'a', fatalities: -3, fatalities_range: [9, 4], independent_sources: 'x' },
    ],
    documents: [{ doc_id: 'd1', text: 'x', comments: ['c', 7, null], removed: [{ kind: 'navigation', text: 'n' }, 5] },
      { doc_id: 'd1' }, 12],
    framing: 'nope',
    syndication: { groups: [{ group: 'g', members: ['d1', {}], lineage: [{ doc_id: 'd1', copy_of: null }] }] },
  });
  assert.equal(data.events.length, 2);
  assert.equal(data.events[0].lat, null, 'latitude out of range is dropped');
  assert.equal(data.events[0].sources.length, 1);
  assert.equal(data.events[1].id, 'a~3');
  assert.equal(data.events[1].fatalities, null);
  assert.deepEqual(data.events[1].fatalities_range, [4, 9]);
  assert.equal(data.events[1].independent_sources, 0);
  assert.equal(data.documents.length, 1);
  assert.deepEqual(data.documents[0].comments, ['c', '7']);
  assert.equal(data.documents[0].removed.length, 1);
  assert.deepEqual(data.framing, {});
  assert.deepEqual(data.groups[0].members, ['d1']);
  assert.equal(problems.length, 4);
  assert.throws(() => normalizePayload([]), /not a JSON object/);
});

test('filters combine dates, types, sources, contradictions and text', () => {
  const { data } = normalizePayload({
    events: [
      { event_id: '1', event_date: '2024-03-01', event_type: 'Battles', independent_sources: 1, actor1: 'Rebels' },
      { event_id: '2', event_date: '2024-03-10', event_type: 'Protests', independent_sources: 3,
        contradictions: [{ field: 'fatalities', values: [] }] },
      { event_id: '3', event_date: null, event_type: 'Battles', independent_sources: 2 },
    ],
  });
  const pick = (patch) => data.events.filter((e) => matches(e, { ...emptyFilters(), ...patch })).map((e) => e.id);
  assert.deepEqual(pick({}), ['1', '2', '3']);
  assert.deepEqual(pick({ from: '2024-03-05' }), ['2']);
  assert.deepEqual(pick({ to: '2024-03-01' }), ['1']);
  assert.deepEqual(pick({ hiddenTypes: new Set(['Battles']) }), ['2']);
  assert.deepEqual(pick({ minSources: 2 }), ['2', '3']);
  assert.deepEqual(pick({ contradicted: true }), ['2']);
  assert.deepEqual(pick({ query: 'rebels battles' }), ['1']);
  assert.deepEqual(sortEvents(data.events, 'newest').map((e) => e.id), ['2', '1', '3']);
  assert.deepEqual(sortEvents(data.events, 'sources').map((e) => e.id), ['2', '3', '1']);
});

test('unwrapRing removes antimeridian jumps', () => {
  assert.deepEqual(unwrapRing([[179, 60], [-179, 61], [-178, 62], [179, 60]]),
    [[179, 60], [181, 61], [182, 62], [179, 60]]);
  assert.deepEqual(unwrapRing([[10, 1], [11, 2]]), [[10, 1], [11, 2]]);
});
