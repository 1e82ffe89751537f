import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, DEMO_PATIENTS, BundleLoadError } from './index';
import type { Sandbox } from './index';
import { getSandboxToken } from './test-client';
import { generateDataset } from './data/generate';

const SYNTHEA = new URL('../../../shared/fixtures/synthea', import.meta.url).pathname;

interface Bundle {
  total: number;
  link: { relation: string; url: string }[];
  entry?: { resource: Record<string, unknown> & { id: string } }[];
}

async function fetchAll(
  sb: Sandbox,
  token: string,
  path: string,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let url: string | undefined = `${sb.fhirBaseUrl}/${path}`;
  while (url) {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    const bundle = (await res.json()) as Bundle;
    out.push(...(bundle.entry ?? []).map((e) => e.resource));
    url = bundle.link.find((l) => l.relation === 'next')?.url;
  }
  return out;
}

describe('synthetic data', () => {
  it('is identical for the same seed and differs for another seed', () => {
    const a = JSON.stringify(generateDataset(7));
    expect(JSON.stringify(generateDataset(7))).toBe(a);
    expect(JSON.stringify(generateDataset(8))).not.toBe(a);
  });

  it('serves identical Patient and Observation sets from two starts with the same seed', async () => {
    const read = async (): Promise<string> => {
      const sb = await startSandbox({ seed: 42 });
      try {
        const token = (await getSandboxToken(sb, { username: 'dr.weber' })).access_token;
        const patients = await fetchAll(sb, token, 'Patient?_count=1000&_sort=_id');
        const obs = await fetchAll(sb, token, 'Observation?patient=sandbox-median&_count=1000');
        return JSON.stringify([patients, obs]);
      } finally {
        await sb.close();
      }
    };
    const first = await read();
    expect(first.length).toBeGreaterThan(10_000);
    expect(await read()).toBe(first);
  });

  it('covers the stories the demo needs', () => {
    const byId = new Map(DEMO_PATIENTS.map((p) => [p.id, p]));
    expect(DEMO_PATIENTS.length).toBeGreaterThanOrEqual(20);
    expect(Number(byId.get('sandbox-large')?.knownValues.observationCount)).toBeGreaterThanOrEqual(
      10_000,
    );
    expect(Number(byId.get('sandbox-median')?.knownValues.resourceCount)).toBeGreaterThan(220);
    expect(Number(byId.get('sandbox-median')?.knownValues.resourceCount)).toBeLessThan(280);
    expect(byId.get('sandbox-empty')?.knownValues.resourceCount).toBe('1');
    expect(byId.get('sandbox-polypharmacy')?.knownValues).toMatchObject({
      allergy: 'Penicillin',
      allergyCriticality: 'high',
    });
    expect(byId.get('sandbox-nka')?.knownValues.noKnownAllergies).toBe('No known allergy');
    expect(byId.get('sandbox-no-allergy-info')?.knownValues.allergy).toBeUndefined();
    expect(byId.get('sandbox-no-allergy-info')?.knownValues.noKnownAllergies).toBeUndefined();
    expect(byId.get('sandbox-deceased')?.knownValues.deceasedDateTime).toMatch(/^2025-08-19/);
    expect(byId.get('sandbox-hypertension')?.knownValues.latestSystolic).toMatch(/^\d{2,3} mmHg$/);
    for (const [id, lang] of [
      ['sandbox-visitor-de', 'German'],
      ['sandbox-visitor-it', 'Italian'],
      ['sandbox-visitor-fr', 'French'],
      ['sandbox-visitor-es', 'Spanish'],
    ]) {
      expect(byId.get(id ?? '')?.knownValues.language).toBe(lang);
    }
  });

  it('ships a valid PDF and a ~1 MB attachment', () => {
    const docs = generateDataset()
      .map((g) => g.resource)
      .filter((r) => r.resourceType === 'DocumentReference');
    const attachments = docs.flatMap((d) =>
      (d.content as { attachment: { contentType: string; data: string; size: number } }[]).map(
        (c) => c.attachment,
      ),
    );
    const pdf = attachments.find((a) => a.contentType === 'application/pdf');
    const text = Buffer.from(pdf?.data ?? '', 'base64').toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    const xref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const big = attachments.find((a) => a.size > 900_000);
    expect(big?.size).toBeLessThan(1_200_000);
  });
});

describe('dataDirs', () => {
  let sb: Sandbox;
  let token: string;
  beforeAll(async () => {
    sb = await startSandbox({ dataDirs: [SYNTHEA] });
    token = (await getSandboxToken(sb, { username: 'dr.weber' })).access_token;
  });
  afterAll(async () => {
    await sb.close();
  });

  it('loads the Synthea transaction bundles with references rewritten', async () => {
    const liz = await fetchAll(sb, token, 'Patient?name=liz&family=conn');
    expect(liz).toHaveLength(1);
    const id = liz[0]?.id as string;
    const conditions = await fetchAll(sb, token, `Condition?patient=${id}`);
    expect(conditions.map((c) => (c.code as { text: string }).text)).toContain('Hypertension');
    const dennis = await fetchAll(sb, token, 'Patient?name=dennis');
    expect(dennis[0]?.deceasedDateTime).toMatch(/^2008-11-12/);
    const obs = await fetchAll(
      sb,
      token,
      `Observation?patient=${dennis[0]?.id as string}&_count=1`,
    );
    expect((obs[0]?.encounter as { reference: string }).reference).toMatch(
      /^Encounter\/[0-9a-f-]{36}$/,
    );
  });

  it('names the file when a bundle is not valid JSON or not loadable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-bad-'));
    try {
      await writeFile(join(dir, 'broken.json'), '{"resourceType": "Bundle", ');
      await expect(startSandbox({ dataDirs: [dir] })).rejects.toThrow(
        /broken\.json: not valid JSON/,
      );
      await writeFile(join(dir, 'broken.json'), '{"resourceType": "Bundle", "type": "history"}');
      await expect(startSandbox({ dataDirs: [dir] })).rejects.toBeInstanceOf(BundleLoadError);
      await expect(startSandbox({ dataDirs: [join(dir, 'missing')] })).rejects.toThrow(
        /cannot read data folder/,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
