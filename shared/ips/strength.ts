/**
 * Exact comparison of medication strengths. Values are compared as decimals (no floating point:
 * 0.1 g and 100 mg are equal exactly), units only when they are the same UCUM code or both are
 * masses in g / mg / ug (exact powers of ten). Anything else — different units, a comparator,
 * a missing value — is "unknown": reconciliation must never claim two strengths are equal (or
 * differ) on a guess.
 * @see https://ucum.org/ucum (g, mg, ug)
 * @see https://hl7.org/fhir/R4/datatypes.html#Ratio
 */
import type { Quantity, Ratio } from 'fhir/r4';

export const UCUM = 'http://unitsofmeasure.org';

export type Comparison = 'same' | 'different' | 'unknown';

/** A decimal `digits × 10^-scale`, exact. */
interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/** The exact decimal a JSON number was written as (JSON has already dropped trailing zeros). */
export function toDecimal(value: number): Decimal | undefined {
  if (!Number.isFinite(value)) return undefined;
  const m = NUMBER.exec(String(value));
  if (!m) return undefined;
  const frac = m[3] ?? '';
  let digits = BigInt(`${m[2] ?? '0'}${frac}`);
  if (m[1] === '-') digits = -digits;
  let scale = frac.length - Number(m[4] ?? '0');
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits, scale };
}

function shift(d: Decimal, exponent: number): Decimal {
  // × 10^exponent
  return exponent >= 0
    ? { digits: d.digits * 10n ** BigInt(exponent), scale: d.scale }
    : { digits: d.digits, scale: d.scale - exponent };
}

function times(a: Decimal, b: Decimal): Decimal {
  return { digits: a.digits * b.digits, scale: a.scale + b.scale };
}

function equal(a: Decimal, b: Decimal): boolean {
  const scale = Math.max(a.scale, b.scale);
  return a.digits * 10n ** BigInt(scale - a.scale) === b.digits * 10n ** BigInt(scale - b.scale);
}

/** Powers of ten of the UCUM mass units relative to the microgram. */
const MASS_EXPONENT: Readonly<Record<string, number>> = { g: 6, mg: 3, ug: 0 };

interface Normalized {
  /** `mass` for g/mg/ug (value in µg); else the unit's identity. */
  readonly unit: string;
  readonly value: Decimal;
  readonly comparator: string | undefined;
}

/** The unit's identity: a UCUM code, another system's code, or the bare unit text. */
function unitIdentity(q: Quantity): string {
  if (q.code !== undefined && q.code !== '') return `${q.system ?? ''}|${q.code}`;
  if (q.unit !== undefined && q.unit !== '' && q.system === undefined) return `text|${q.unit}`;
  return q.system === undefined ? 'none' : `${q.system}|`;
}

function normalize(q: Quantity | undefined): Normalized | undefined {
  if (q?.value === undefined) return undefined;
  const value = toDecimal(q.value);
  if (!value) return undefined;
  const exponent = q.system === UCUM && q.code !== undefined ? MASS_EXPONENT[q.code] : undefined;
  if (exponent !== undefined)
    return { unit: 'mass', value: shift(value, exponent), comparator: q.comparator };
  return { unit: unitIdentity(q), value, comparator: q.comparator };
}

function comparable(a: Normalized, b: Normalized): boolean {
  return (
    a.unit === b.unit && a.comparator === b.comparator && a.unit !== 'none' && !a.unit.endsWith('|')
  );
}

/** Compares two quantities exactly (see the module comment for what "unknown" means). */
export function compareQuantities(a: Quantity | undefined, b: Quantity | undefined): Comparison {
  const x = normalize(a);
  const y = normalize(b);
  if (!x || !y || !comparable(x, y)) return 'unknown';
  return equal(x.value, y.value) ? 'same' : 'different';
}

/**
 * Compares two strengths (`numerator / denominator`) by cross-multiplying, so "25 mg / 1 mL" and
 * "15 mg / 0.6 mL" are the same concentration. Without denominators on both sides only the
 * numerators are compared; with one missing the result is unknown.
 */
export function compareRatios(a: Ratio | undefined, b: Ratio | undefined): Comparison {
  const n1 = normalize(a?.numerator);
  const n2 = normalize(b?.numerator);
  if (!n1 || !n2 || !comparable(n1, n2)) return 'unknown';
  const hasD1 = a?.denominator !== undefined;
  const hasD2 = b?.denominator !== undefined;
  if (!hasD1 && !hasD2) return equal(n1.value, n2.value) ? 'same' : 'different';
  const d1 = normalize(a?.denominator);
  const d2 = normalize(b?.denominator);
  if (!d1 || !d2) return 'unknown';
  // A denominator of "1" without a unit and one of "1 tablet" are not known to be the same thing.
  if (d1.unit !== d2.unit || d1.comparator !== undefined || d2.comparator !== undefined)
    return 'unknown';
  if (d1.value.digits === 0n || d2.value.digits === 0n) return 'unknown';
  return equal(times(n1.value, d2.value), times(n2.value, d1.value)) ? 'same' : 'different';
}
