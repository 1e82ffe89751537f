import { formatHumanName, formatOneHumanName } from './human-name';

describe('formatHumanName', () => {
  it('returns an empty string for missing or empty names', () => {
    expect(formatHumanName(undefined)).toBe('');
    expect(formatHumanName([])).toBe('');
    expect(formatHumanName([{ use: 'official' }])).toBe('');
  });

  it('joins prefix, given names, family and suffix', () => {
    expect(
      formatHumanName([
        { prefix: ['Mr.'], given: ['Dennis', 'J'], family: 'Durgan', suffix: ['Jr.'] },
      ]),
    ).toBe('Mr. Dennis J Durgan Jr.');
  });

  it('prefers text over parts', () => {
    expect(formatHumanName([{ text: 'Dr. Jo Smith', given: ['Joanna'], family: 'Smith' }])).toBe(
      'Dr. Jo Smith',
    );
  });

  it('handles missing given or family', () => {
    expect(formatHumanName([{ family: 'Guzmán' }])).toBe('Guzmán');
    expect(formatHumanName([{ given: ['Ángela'] }])).toBe('Ángela');
    expect(formatOneHumanName({ given: ['  ', 'Ann'], family: ' ' })).toBe('Ann');
  });

  it('prefers official, then usual, over nickname and maiden names', () => {
    expect(
      formatHumanName([
        { use: 'nickname', given: ['Jo'] },
        { use: 'maiden', family: 'Old' },
        { use: 'usual', given: ['Johanna'], family: 'Usual' },
        { use: 'official', given: ['Johanna'], family: 'Official' },
      ]),
    ).toBe('Johanna Official');
    expect(
      formatHumanName([
        { use: 'nickname', given: ['Jo'] },
        { use: 'usual', given: ['Johanna'], family: 'Usual' },
      ]),
    ).toBe('Johanna Usual');
  });

  it('skips names whose period has ended when a current one exists', () => {
    expect(
      formatHumanName(
        [
          { use: 'official', family: 'Before', period: { end: '2001-05-01' } },
          { use: 'official', family: 'After', period: { start: '2001-05-01' } },
        ],
        '2024-01-01',
      ),
    ).toBe('After');
  });

  it('falls back to names without displayable parts being ignored', () => {
    expect(formatHumanName([{ use: 'official' }, { use: 'nickname', text: 'Jo' }])).toBe('Jo');
  });
});
