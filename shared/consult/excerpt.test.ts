import { describe, expect, it } from 'vitest';
import { EXCERPT_CHUNK_CHARS, ExcerptAssembler, splitExcerpt, type Excerpt } from './excerpt';

const excerpt = (n: number): Excerpt => ({
  title: 'Medications',
  sharedBy: 'Dr Weber',
  sharedAt: '2026-11-22T10:00:00Z',
  bundle: {
    resourceType: 'Bundle',
    type: 'collection',
    entry: Array.from({ length: n }, (_, i) => ({
      resource: {
        resourceType: 'MedicationRequest',
        id: `m${i}`,
        status: 'active',
        medicationCodeableConcept: { text: `Medicine ${i} — Ünïcödé` },
      },
    })),
  },
});

describe('record excerpts over the data channel', () => {
  it('splits a large excerpt into bounded chunks and reassembles it in any order', () => {
    const chunks = splitExcerpt('excerpt-0001', excerpt(800));
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((c) => c.data.length <= EXCERPT_CHUNK_CHARS)).toBe(true);
    const assembler = new ExcerptAssembler();
    const shuffled = [...chunks].reverse();
    const results = shuffled.map((c) => assembler.add(c));
    expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true);
    const last = results.at(-1);
    expect(last && 'excerpt' in last ? last.excerpt.bundle.entry : []).toHaveLength(800);
  });

  it('refuses what is not a valid Bundle, and inconsistent chunks', () => {
    const assembler = new ExcerptAssembler();
    expect(
      assembler.add({ kind: 'excerpt', id: 'excerpt-0002', index: 0, total: 1, data: '{"x":' }),
    ).toEqual({
      error: 'the excerpt is not valid JSON',
    });
    const notBundle = JSON.stringify({
      ...excerpt(1),
      bundle: { resourceType: 'Patient', type: 'collection', entry: [] },
    });
    const r = assembler.add({
      kind: 'excerpt',
      id: 'excerpt-0003',
      index: 0,
      total: 1,
      data: notBundle,
    });
    expect(r && 'error' in r ? r.error : '').toMatch(/not a valid FHIR Bundle/);
    assembler.add({ kind: 'excerpt', id: 'excerpt-0004', index: 0, total: 2, data: '{' });
    expect(
      assembler.add({ kind: 'excerpt', id: 'excerpt-0004', index: 1, total: 3, data: '}' }),
    ).toEqual({
      error: 'inconsistent excerpt chunks',
    });
  });

  it('bounds how many excerpts are assembled at once', () => {
    const assembler = new ExcerptAssembler(2);
    for (const id of ['excerpt-000a', 'excerpt-000b']) {
      expect(assembler.add({ kind: 'excerpt', id, index: 0, total: 2, data: '{' })).toBeUndefined();
    }
    expect(
      assembler.add({ kind: 'excerpt', id: 'excerpt-000c', index: 0, total: 2, data: '{' }),
    ).toEqual({
      error: 'too many excerpts at once',
    });
  });
});
