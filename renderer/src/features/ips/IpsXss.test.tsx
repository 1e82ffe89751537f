// @vitest-environment jsdom
/**
 * Narrative XSS through the IPS screens (issue 6, bad input): every payload of
 * test/support/xss-payloads.ts, plus one aimed at the highlight rule the IPS frame adds, sits in
 * a section narrative of one imported document. Each reaches the page only through the real
 * jail (the frames' srcdoc) or the structured-text rebuild (the printed appendix). A harness
 * "detonates" whatever could run — re-created scripts, every event handler, `javascript:` URLs —
 * and the marker the payloads set must stay unset. A control shows the harness does detonate
 * the raw payloads.
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parseIpsDocument } from '../../../../shared/ips/parse';
import {
  composition,
  COMPOSITION_URL,
  documentBundle,
  loincConcept,
  PATIENT_URL,
  patientEntry,
} from '../../../../shared/ips/test-bundle';
import { XSS_PAYLOADS, xssMarkerJs } from '../../../../test/support/xss-payloads';
import { renderWithProviders } from '../records/test-utils';
import { IpsOriginalAppendix } from './IpsPrintout';
import { IpsViewer } from './IpsViewer';

declare global {
  interface Window {
    __xss?: string;
  }
}

/** An element id that tries to close the highlight rule and the style element. */
const BREAKOUT_ID = `x"]{}</style><script>${xssMarkerJs('id-breakout')}</script><style>[id="`;
const breakoutDiv = `<div xmlns="http://www.w3.org/1999/xhtml"><table><tr id="${BREAKOUT_ID.replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}"><td>row</td></tr></table></div>`;

function hostileDocument() {
  const condition = {
    fullUrl: 'urn:uuid:00000000-0000-4000-8000-00000000c001',
    resource: {
      resourceType: 'Condition',
      id: 'c1',
      code: { text: 'Linked problem' },
      subject: { reference: PATIENT_URL },
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/narrativeLink',
          valueUrl: `${COMPOSITION_URL}#${BREAKOUT_ID}`,
        },
      ],
    },
  };
  const sections = [
    {
      title: 'Problems',
      code: loincConcept('11450-4'),
      text: { status: 'generated', div: breakoutDiv },
      entry: [{ reference: condition.fullUrl }],
    },
    // No entries: each payload section opens its narrative frame right away.
    ...XSS_PAYLOADS.map((p) => ({
      title: `Payload ${p.name}`,
      code: loincConcept('29762-2'),
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml">${p.html}</div>`,
      },
    })),
  ];
  const parsed = parseIpsDocument(
    documentBundle([
      { fullUrl: COMPOSITION_URL, resource: composition(sections) },
      patientEntry(),
      condition,
    ]),
  );
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.doc;
}

/**
 * The page's real window: jsdom runs scripts and handlers there, and vitest copies its
 * properties onto the test's global rather than making them one object.
 */
function pageWindow(): Window {
  const win = (globalThis as unknown as { jsdom?: { window: Window } }).jsdom?.window;
  if (!win) throw new Error('no jsdom window');
  return win;
}

const EVENTS = ['click', 'error', 'load', 'mouseover', 'focus', 'toggle', 'submit'];
// eslint-disable-next-line no-control-regex -- browsers ignore C0 controls inside URL schemes
const compact = (v: string): string => v.replace(/[\s\u0000-\u001f]/g, '');

/**
 * Runs everything in `html` that a browser could run: scripts are re-created (so they execute),
 * every element gets every event, `javascript:` URLs are evaluated. Returns the marker.
 */
function detonate(html: string): string | undefined {
  const win = pageWindow();
  win.__xss = undefined;
  const host = document.createElement('div');
  document.body.append(host);
  try {
    host.innerHTML = html;
    for (const old of Array.from(host.querySelectorAll('script'))) {
      const fresh = document.createElement('script');
      fresh.textContent = old.textContent;
      old.replaceWith(fresh);
    }
    for (const el of Array.from(host.querySelectorAll('*'))) {
      for (const type of EVENTS) el.dispatchEvent(new Event(type));
      for (const attr of ['href', 'src', 'action', 'formaction', 'data']) {
        const value = compact(el.getAttribute(attr) ?? '');
        if (/^javascript:/i.test(value)) {
          try {
            // The harness runs what a browser would, in the page's window.
            const run = (win as unknown as { eval: (code: string) => unknown }).eval;
            run(decodeURIComponent(value.slice('javascript:'.length)));
          } catch {
            // a payload that does not parse runs nothing either
          }
        }
      }
    }
    return win.__xss;
  } finally {
    host.remove();
  }
}

/** The body of a jail srcdoc, as the frame would parse it. */
function frameBody(srcdoc: string): string {
  return new DOMParser().parseFromString(srcdoc, 'text/html').body.innerHTML;
}

afterEach(() => {
  pageWindow().__xss = undefined;
});

describe('the detonation harness (control)', () => {
  it.each(['script-tag', 'img-onerror', 'href-javascript-leading-space', 'span-onmouseover'])(
    'runs the raw %s payload',
    (name) => {
      const payload = XSS_PAYLOADS.find((p) => p.name === name);
      expect(detonate(payload?.html ?? '')).toBe(name);
    },
  );
});

describe('narrative payloads in an imported IPS', () => {
  it('covers at least 20 payloads', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(20);
  });

  it('never run through the viewer’s jail frames, highlight included', async () => {
    renderWithProviders(<IpsViewer doc={hostileDocument()} language="en" />);
    // Follow the link whose element id tries to break out of the highlight rule.
    await userEvent.click(screen.getByTestId('entry-narrative-link'));
    const frames = screen.getAllByTestId('narrative-frame');
    expect(frames).toHaveLength(XSS_PAYLOADS.length + 1);
    const highlighted = frames.filter((f) => f.getAttribute('data-highlight') === BREAKOUT_ID);
    expect(highlighted).toHaveLength(1);
    for (const frame of frames) {
      expect(frame.getAttribute('sandbox')).toBe('');
      const srcdoc = frame.getAttribute('srcdoc') ?? '';
      expect(srcdoc).toMatch(
        /^<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';/,
      );
      expect(srcdoc).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
      expect(detonate(frameBody(srcdoc))).toBeUndefined();
      expect(pageWindow().__xss).toBeUndefined();
    }
    // The highlight rule holds the id as an escaped CSS string: one extra style, nothing else.
    const srcdoc = highlighted[0]?.getAttribute('srcdoc') ?? '';
    expect(srcdoc.match(/<style>/g)).toHaveLength(2);
    expect(srcdoc).toContain('[id="x\\22 \\5d \\7b \\7d \\3c \\2f style\\3e \\3c script');
  });

  it('never run through the printed appendix (structured text)', () => {
    const { container } = renderWithProviders(<IpsOriginalAppendix doc={hostileDocument()} />);
    const narratives = container.querySelectorAll('[data-testid="safe-narrative"]');
    expect(narratives).toHaveLength(XSS_PAYLOADS.length + 1);
    for (const narrative of Array.from(narratives)) {
      for (const el of Array.from(narrative.querySelectorAll('*'))) {
        const attrs = el.getAttributeNames().filter((n) => n !== 'colspan' && n !== 'rowspan');
        expect(attrs, el.outerHTML).toEqual([]);
        expect([
          'script',
          'iframe',
          'img',
          'a',
          'style',
          'svg',
          'object',
          'embed',
          'form',
        ]).not.toContain(el.tagName.toLowerCase());
      }
      expect(detonate(narrative.innerHTML)).toBeUndefined();
    }
    expect(pageWindow().__xss).toBeUndefined();
  });
});
