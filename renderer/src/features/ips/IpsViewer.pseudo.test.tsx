// @vitest-environment jsdom
/**
 * The IPS viewer under the `qps` pseudo-locale: every string it writes itself goes through
 * i18n (section names, badges, empty reasons, checks); what the document says is data and is
 * marked `data-i18n-ignore`.
 */
import { describe, expect, it } from 'vitest';
import { parseIpsDocument } from '../../../../shared/ips/parse';
import bundle01 from '../../../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import noInfo from '../../../../../shared/fixtures/ips/hl7-ips_bundle-no-info-required-sections.json';
import pura from '../../../../../shared/fixtures/ips/ipsviewer_CA_PuraJuniper_01.json';
import { findUntranslated, render } from '../../../../test/support/render';
import { IpsViewer } from './IpsViewer';

describe('IpsViewer goes through i18n', () => {
  it.each([
    ['Bundle-01', bundle01],
    ['no information', noInfo],
    ['CA, with data checks', pura],
  ])('%s', (_name, json) => {
    const parsed = parseIpsDocument(json);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { container } = render(<IpsViewer doc={parsed.doc} language="qps" />, { lng: 'qps' });
    expect(findUntranslated(container)).toEqual([]);
  });
});
