import { formatTable, median, sideBySide } from './harness';

describe('bench harness', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('interleaves ours and baseline and reports both medians', async () => {
    const order: string[] = [];
    let n = 0;
    const result = await sideBySide(
      () => {
        order.push('ours');
        return Promise.resolve(10 + n++);
      },
      () => {
        order.push('base');
        return Promise.resolve(5);
      },
      4,
      0,
    );
    expect(order).toEqual(['ours', 'base', 'base', 'ours', 'ours', 'base', 'base', 'ours']);
    expect(result.baseline).toBe(5);
    expect(result.ours).toBe(11.5);
  });

  it('prints a table with one row per result', () => {
    const table = formatTable([
      { id: 'x', what: 'thing', ours: 2, baseline: 1, ratio: 2, goal: 'ratio ≤ 3', met: true },
    ]);
    expect(table.split('\n')).toHaveLength(2);
    expect(table).toContain('2.00');
  });
});
