import {
  dragPanMs,
  initialWindow,
  keyPanMs,
  panBounds,
  panWindow,
  rangeKey,
  rangeSpanMs,
} from './view-window';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 1);

describe('view window', () => {
  it('presets end at the latest reading (or at `end`), custom ranges are kept', () => {
    expect(rangeSpanMs(14)).toBe(14 * DAY);
    expect(initialWindow(7, T)).toEqual({ from: T - 7 * DAY, to: T });
    expect(initialWindow(30, T, T + DAY)).toEqual({ from: T - 29 * DAY, to: T + DAY });
    expect(initialWindow({ from: 1, to: 5 }, T)).toEqual({ from: 1, to: 5 });
    expect(initialWindow(90, null)).toBeNull();
  });

  it('keys ranges by value, not identity', () => {
    expect(rangeKey({ from: 1, to: 2 })).toBe(rangeKey({ from: 1, to: 2 }));
    expect(rangeKey(7)).not.toBe(rangeKey(14));
  });

  it('pans inside the data and stops at both ends', () => {
    const bounds = panBounds({ from: T - 7 * DAY, to: T }, { first: T - 365 * DAY, last: T });
    expect(bounds).toEqual({ from: T - 365 * DAY, to: T });
    const week = { from: T - 7 * DAY, to: T };
    expect(panWindow(week, -DAY, bounds)).toEqual({ from: T - 8 * DAY, to: T - DAY });
    expect(panWindow(week, DAY, bounds)).toEqual(week);
    expect(panWindow(week, -Infinity, bounds)).toEqual({
      from: T - 365 * DAY,
      to: T - 358 * DAY,
    });
  });

  it('a window wider than the data stays anchored at its end', () => {
    const bounds = { from: T - 3 * DAY, to: T };
    expect(panWindow({ from: T - 7 * DAY, to: T }, -DAY, bounds)).toEqual({
      from: T - 7 * DAY,
      to: T,
    });
  });

  it('maps keys to shifts and ignores others', () => {
    const w = { from: 0, to: 1000 };
    expect(keyPanMs('ArrowLeft', w)).toBe(-100);
    expect(keyPanMs('ArrowRight', w)).toBe(100);
    expect(keyPanMs('PageUp', w)).toBe(-1000);
    expect(keyPanMs('End', w)).toBe(Infinity);
    expect(keyPanMs('Tab', w)).toBeNull();
  });

  it('turns a drag into time: 100 px right over a 1000 px plot of 10 days = 1 day earlier', () => {
    expect(dragPanMs(100, { from: 0, to: 10 * DAY }, 1000)).toBe(-DAY);
    expect(dragPanMs(100, { from: 0, to: 10 * DAY }, 0)).toBe(0);
  });
});
