/**
 * The browser host's embedded demo gives patients monitoring links out of the box: its
 * signaling service reaches the embedded sandbox as a registered backend service, and the
 * registration goes away with the host.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { getSandboxToken } from '../sandbox/test-client';
import { startWebHost } from './index';

const dir = mkdtempSync(join(tmpdir(), 'web-companion-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(dir, 'patient.html'), '<!doctype html><title>patient</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded companion', () => {
  it('issues a link whose page and API work against the embedded sandbox', async () => {
    const host = await startWebHost({ rendererDir: dir });
    try {
      const sandbox = host.sandbox;
      const signalingUrl = host.signaling?.url;
      if (!sandbox || !signalingUrl) throw new Error('expected the embedded services');
      const { access_token: token } = await getSandboxToken(sandbox, {
        username: 'dr.weber',
        scope: 'openid fhirUser user/*.cruds',
      });
      const patient = (await (
        await fetch(`${sandbox.fhirBaseUrl}/Patient?_count=1`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json()) as { entry: { resource: { id: string } }[] };
      const patientId = patient.entry[0]?.resource.id ?? '';
      const link = await fetch(`${signalingUrl}/companion/links`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          Origin: host.url.replace(/\/$/, ''),
        },
        body: JSON.stringify({ patientId }),
      });
      expect(link.status).toBe(201);
      expect(link.headers.get('access-control-allow-origin')).toBe(host.url.replace(/\/$/, ''));
      const { url } = (await link.json()) as { url: string };
      const page = await fetch(url.replace(/#.*$/, ''));
      expect(page.status).toBe(200);
      const ticket = new URL(url).hash.replace('#companion=', '');
      const reading = await fetch(`${signalingUrl}/companion/readings`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ticket}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: randomUUID(), metric: 'weight', value: 70.2, unit: 'kg' }),
      });
      expect(reading.status).toBe(201);
    } finally {
      await host.close();
    }
  });
});
