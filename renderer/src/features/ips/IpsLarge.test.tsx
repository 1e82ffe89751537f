// @vitest-environment jsdom
/**
 * Bad input, the large case (issue 6): a 2 MB document with 400 entries, generated here, is
 * imported from a file, rendered completely and correctly, cached once, and its links work.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { largeEntryName, largeIps, LARGE_SECTIONS } from '../../../../shared/ips/test-large-bundle';
import { ipsTestEnv, renderIps } from './ips-test-support';
import { IpsPanel } from './IpsPanel';

describe('a 2 MB IPS with 400 entries', () => {
  it('renders every entry in its section, caches it once and follows its links', async () => {
    const env = await ipsTestEnv();
    const text = JSON.stringify(largeIps());
    expect(text.length).toBeGreaterThanOrEqual(2 * 1024 * 1024 * 0.97);
    renderIps(<IpsPanel patientId="p1" />, env);
    await userEvent.upload(
      screen.getByTestId('ips-file'),
      new File([text], 'large.json', { type: 'application/json' }),
    );
    const viewer = await screen.findByTestId('ips-viewer', {}, { timeout: 30_000 });
    const sections = within(viewer).getAllByTestId('ips-section');
    expect(sections.map((s) => s.getAttribute('data-loinc'))).toEqual(
      LARGE_SECTIONS.map((s) => s.loinc),
    );
    sections.forEach((section, s) => {
      const entries = within(section).getAllByTestId('ips-entry');
      expect(entries).toHaveLength(100);
      expect(entries.every((e) => e.getAttribute('data-resolved') === 'true')).toBe(true);
      // First and last of each section, in document order.
      expect(entries[0]).toHaveTextContent(largeEntryName(s, 0));
      expect(entries[99]).toHaveTextContent(largeEntryName(s, 99));
    });
    // Results keep their values as sent.
    expect(within(sections[3] ?? viewer).getAllByTestId('entry-value')[42]).toHaveTextContent(
      '42 mg/dL',
    );
    // A conformant document: no error or warning in the data checks.
    const kinds = within(screen.getByTestId('ips-checks'))
      .queryAllByTestId('ips-check')
      .map((c) => c.getAttribute('data-kind'));
    expect(kinds.filter((k) => k !== 'section-without-narrative')).toEqual([]);

    // Every entry links to its narrative row; the last one leads to row-3-99.
    const links = screen.getAllByTestId('entry-narrative-link');
    expect(links).toHaveLength(400);
    await userEvent.click(links[399] ?? viewer);
    const frame = within(sections[3] ?? viewer).getByTestId('narrative-frame');
    expect(frame).toHaveAttribute('data-highlight', 'row-3-99');

    const { summaries } = await env.cache.list('p1');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.size).toBe(text.length);
    const types = (await env.db.packs.toArray()).map((row) => row.type).sort();
    expect(types).toEqual(['Binary', 'DocumentReference']);
  }, 120_000);
});
