/**
 * Check digits of the code systems whose identifiers carry one. The terminology table is typed
 * by hand, so a transposed digit would silently attach a designation to another concept; these
 * checks turn such a typo into a build error instead.
 */

// Verhoeff dihedral-group tables.
// @see https://docs.snomed.org/snomed-ct-specifications/snomed-ct-release-file-specification/snomed-ct-identifiers/check-digit
const D: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
/** Position permutations: row i applies the base permutation i times (`P[i][j] = P[i-1][P1[j]]`),
 * built rather than transcribed so no row can be mistyped. */
const P1 = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4] as const;
const P: readonly (readonly number[])[] = Array.from({ length: 8 }).reduce<number[][]>(
  (rows, _, i) => {
    const prev = rows[i - 1];
    rows.push(prev ? P1.map((j) => prev[j] ?? 0) : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    return rows;
  },
  [],
);
function table(t: readonly (readonly number[])[], row: number, col: number): number {
  const value = t[row]?.[col];
  if (value === undefined) throw new Error(`Verhoeff table out of range (${row}, ${col})`);
  return value;
}

/**
 * True when a SNOMED CT identifier (SCTID) passes its Verhoeff check digit. SCTIDs are 6–18
 * digits with no leading zero; anything else is rejected.
 */
export function isValidSctid(id: string): boolean {
  if (!/^[1-9]\d{5,17}$/.test(id)) return false;
  let c = 0;
  // Digits from the right; the regex above guarantees ASCII digits only.
  for (let i = 0; i < id.length; i++) {
    c = table(D, c, table(P, i % 8, Number(id.charAt(id.length - 1 - i))));
  }
  return c === 0;
}

/**
 * True when a LOINC code `NNNNN-C` has the right mod-10 check digit `C`. Only plain LOINC
 * terms are checked; answer (`LA…`) and part (`LP…`) codes return true when well-formed,
 * because their check digit is computed over a different string.
 * @see https://loinc.org/kb/faq/structure/ (check digit: Luhn-style mod 10 on the number part)
 */
export function isValidLoincCode(code: string): boolean {
  if (/^L[AP]\d{1,8}-\d$/.test(code)) return true;
  const m = /^(\d{1,7})-(\d)$/.exec(code);
  if (!m?.[1] || m[2] === undefined) return false;
  const digits = m[1];
  let sum = 0;
  // From the right, every other digit (starting with the rightmost) is doubled, digits summed.
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits.charAt(digits.length - 1 - i));
    const doubled = d * 2;
    sum += i % 2 === 1 ? d : doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10 === Number(m[2]);
}
