/**
 * Tampered ciphertext (issue 3): one cached pack whose bytes were altered on disk has its records
 * flagged as unreadable, and the rest of the chart still shows — in real Chromium, on the real store.
 */
import { expect, test } from '@playwright/test';
import { demoPatient, failOnPageErrors, signIn } from './support';

/** Flips one byte of the patient's cached Condition pack, straight in IndexedDB. */
const TAMPER_SCRIPT = `async (patientId) => {
  return await new Promise((resolve, reject) => {
    const open = indexedDB.open('cw-cache');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['packs'], 'readwrite');
      let done = false;
      tx.objectStore('packs').openCursor().onsuccess = (event) => {
        const cursor = event.target.result;
        if (!cursor || done) return;
        const row = cursor.value;
        if (row.patientId === patientId && row.type === 'Condition') {
          const bytes = new Uint8Array(row.ciphertext.slice(0));
          bytes[3] = bytes[3] ^ 0xff;
          cursor.update({ ...row, ciphertext: bytes.buffer });
          done = true;
          return;
        }
        cursor.continue();
      };
      tx.oncomplete = () => { db.close(); resolve(done); };
      tx.onerror = () => reject(tx.error);
    };
  });
}`;

test.beforeEach(({ page }) => failOnPageErrors(page));

test('a tampered cached record is flagged and the rest of the chart still shows', async ({
  page,
  context,
}) => {
  const patient = demoPatient('sandbox-polypharmacy');
  await signIn(page, { patientName: patient.name });
  await expect(page.getByTestId('chart-as-of')).toBeVisible();
  await expect(page.getByTestId('chart-as-of')).not.toContainText('updating');
  await expect(page.getByTestId('chart-unreadable')).toHaveCount(0);

  const tampered: unknown = await page.evaluate(
    ([source, id]) => {
      const tamper = (0, eval)(source) as (patientId: string) => Promise<unknown>;
      return tamper(id);
    },
    [TAMPER_SCRIPT, patient.id] as const,
  );
  expect(tampered).toBe(true);

  // Offline, so the chart can only come from the (tampered) cache.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('chart-unreadable')).toContainText('could not be decrypted');
  await expect(page.getByTestId('patient-name')).toContainText(patient.name);
  await expect(page.getByTestId('summary-allergies')).toContainText(
    patient.knownValues.allergy ?? 'missing known value',
  );
});
