import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextOf, fmtDate, fmtFatalities, fmtValue, locate, stanceClass, truncate } from '../src/format.js';

test('fmtDate formats ISO dates and passes other text through', () => {
  assert.equal(fmtDate('2024-03-05'), '5 Mar 2024');
  assert.equal(fmtDate(null), 'undated');
  assert.equal(fmtDate('sometime'), 'sometime');
});

test('fmtFatalities shows a range only when sources disagree', () => {
  assert.equal(fmtFatalities(12, [12, 12]), '12');
  assert.equal(fmtFatalities(12, [10, 15]), '12 (sources say 10–15)');
  assert.equal(fmtFatalities(null, null), 'unknown');
  assert.equal(fmtFatalities(null, [3, 7]), '3–7');
});

test('truncate cuts long text with an ellipsis', () => {
  assert.equal(truncate('x'.repeat(1_000_000), 10).length, 10);
  assert.equal(truncate('short', 10), 'short');
  assert.equal(truncate(null, 5), '');
});

test('locate trusts valid offsets and falls back to searching the sentence', () => {
  const text = 'First one. Troops entered Kalma on Tuesday. Last one.';
  const sentence = 'Troops entered Kalma on Tuesday.';
  const start = text.indexOf(sentence);
  assert.deepEqual(locate(text, sentence, start, start + sentence.length), { start, end: start + sentence.length, exact: true });
  assert.deepEqual(locate(text, sentence, 0, 5), { start, end: start + sentence.length, exact: false });
  assert.deepEqual(locate(text, sentence, -4, 1e9), { start, end: start + sentence.length, exact: false });
  assert.equal(locate(text, 'not in the text', 99, 120), null);
  assert.equal(locate('', sentence, 0, 1), null);
});

test('contextOf keeps the paragraph around the match', () => {
  const text = 'Other paragraph.\n\nBefore words. The match here. After words.\n\nNext paragraph.';
  const start = text.indexOf('The match');
  const ctx = contextOf(text, start, start + 'The match here.'.length);
  assert.equal(ctx.before, 'Before words. ');
  assert.equal(ctx.match, 'The match here.');
  assert.equal(ctx.after, ' After words.');
});

test('contextOf cuts long context at word boundaries with ellipses', () => {
  const words = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
  const start = words.indexOf('w200');
  const ctx = contextOf(words, start, start + 4, 50);
  assert.ok(ctx.before.startsWith('…') && ctx.after.endsWith('…'));
  assert.ok(ctx.before.length <= 52 && ctx.after.length <= 52);
});

test('fmtValue and stanceClass handle any value', () => {
  assert.equal(fmtValue([1, 2]), '[1,2]');
  assert.equal(fmtValue(null), 'none');
  assert.equal(stanceClass('negative'), 'stance-neg');
  assert.equal(stanceClass('positive'), 'stance-pos');
  assert.equal(stanceClass(undefined), 'stance-neutral');
});
