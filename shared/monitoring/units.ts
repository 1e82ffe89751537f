/**
 * UCUM units of home readings, and conversion between the few of them that measure the same
 * thing. Deliberately a closed list: a unit outside it (or a unit without a UCUM code, such as
 * the plain text "pounds") is reported as unrecognised, never guessed from its spelling.
 *
 * UCUM codes are case-sensitive (`mg/dL`, not `mg/dl`) and a curly-brace annotation has the
 * value 1, so `{beat}/min` is `/min` and `%{saturation}` is `%`.
 * @see https://ucum.org/ucum#section-Semantic-Rules (annotations, §12)
 * @see https://hl7.org/fhir/R4/datatypes.html#Quantity (qty-3: a code needs its system)
 */

export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

/** The UCUM codes the monitoring rules understand. */
export const UCUM_UNITS = ['mm[Hg]', 'kg', '[lb_av]', 'g', '%', '/min', 'mg/dL', 'mmol/L'] as const;
export type UcumUnit = (typeof UCUM_UNITS)[number];

/**
 * What a unit measures. `glucose` pairs mg/dL with mmol/L: that conversion depends on the molar
 * mass of glucose (180.16 g/mol), so it holds for glucose only, never for other substances.
 */
export type UnitDimension = 'pressure' | 'mass' | 'fraction' | 'rate' | 'glucose';

/** Glucose: mg/dL per mmol/L (molar mass 180.16 g/mol ÷ 10). mmol/L = mg/dL ÷ 18.016. */
export const GLUCOSE_MGDL_PER_MMOLL = 18.016;
/** The international avoirdupois pound, exactly (UCUM `[lb_av]`). */
export const KG_PER_LB = 0.45359237;

interface UnitInfo {
  dimension: UnitDimension;
  /** Multiply by this to get the dimension's base unit (mm[Hg], kg, %, /min, mg/dL). */
  toBase: number;
  /** Decimals worth showing for a converted value (source values keep what was sent). */
  decimals: number;
  /** Short label for people; the UCUM code is for machines (`[lb_av]` reads "lb"). */
  label: string;
}

const UNITS: Readonly<Record<UcumUnit, UnitInfo>> = {
  'mm[Hg]': { dimension: 'pressure', toBase: 1, decimals: 0, label: 'mmHg' },
  kg: { dimension: 'mass', toBase: 1, decimals: 1, label: 'kg' },
  '[lb_av]': { dimension: 'mass', toBase: KG_PER_LB, decimals: 1, label: 'lb' },
  g: { dimension: 'mass', toBase: 0.001, decimals: 0, label: 'g' },
  '%': { dimension: 'fraction', toBase: 1, decimals: 0, label: '%' },
  '/min': { dimension: 'rate', toBase: 1, decimals: 0, label: '/min' },
  'mg/dL': { dimension: 'glucose', toBase: 1, decimals: 0, label: 'mg/dL' },
  'mmol/L': { dimension: 'glucose', toBase: GLUCOSE_MGDL_PER_MMOLL, decimals: 1, label: 'mmol/L' },
};

export function isUcumUnit(code: string): code is UcumUnit {
  return Object.hasOwn(UNITS, code);
}

/**
 * The supported unit a UCUM code denotes, after removing annotations (`{beat}/min` → `/min`);
 * undefined for any other code. No case folding and no synonyms: those would be guesses.
 */
export function normaliseUcumCode(code: string): UcumUnit | undefined {
  const trimmed = code.trim();
  if (isUcumUnit(trimmed)) return trimmed;
  const bare = trimmed.replace(/\{[^{}]*\}/g, '');
  return bare !== trimmed && isUcumUnit(bare) ? bare : undefined;
}

/** A Quantity's unit fields, as they may arrive. */
export interface UnitFields {
  unit?: string | undefined;
  system?: string | undefined;
  code?: string | undefined;
}

/**
 * Whether a quantity's unit is one the rules understand.
 * - `missing`: no unit at all;
 * - `not-ucum`: only a free-text unit or another system's code ("pounds");
 * - `unsupported`: a UCUM code outside {@link UCUM_UNITS}.
 * `sent` is what to show the clinician: the unit text, else the code.
 */
export type UnitRecognition =
  | { ok: true; unit: UcumUnit }
  | { ok: false; problem: 'missing' | 'not-ucum' | 'unsupported'; sent: string };

export function recogniseUnit(q: UnitFields | undefined): UnitRecognition {
  const sent = q?.unit?.trim() || q?.code?.trim() || '';
  const code = q?.code?.trim();
  if (q?.system === UCUM_SYSTEM && code) {
    const unit = normaliseUcumCode(code);
    return unit ? { ok: true, unit } : { ok: false, problem: 'unsupported', sent };
  }
  return { ok: false, problem: sent === '' ? 'missing' : 'not-ucum', sent };
}

export function unitDimension(unit: UcumUnit): UnitDimension {
  return UNITS[unit].dimension;
}

export function areCompatible(a: UcumUnit, b: UcumUnit): boolean {
  return UNITS[a].dimension === UNITS[b].dimension;
}

/**
 * `value` in `from` expressed in `to`; undefined when they measure different things (kg vs
 * mm[Hg]). All conversions here are linear without offset, so they apply to differences
 * ("+2 kg") exactly as to values.
 */
export function convertValue(value: number, from: UcumUnit, to: UcumUnit): number | undefined {
  if (from === to) return value;
  const a = UNITS[from];
  const b = UNITS[to];
  if (a.dimension !== b.dimension) return undefined;
  return (value * a.toBase) / b.toBase;
}

/** Human label of a unit ("mmHg", "lb"): the same in every language this app speaks. */
export function unitLabel(unit: UcumUnit): string {
  return UNITS[unit].label;
}

/** How many decimals a *converted* value in this unit is shown with. */
export function unitDecimals(unit: UcumUnit): number {
  return UNITS[unit].decimals;
}

/** Rounds half away from zero to `decimals` places (avoids 1.005 → 1.00 surprises via toFixed). */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const scaled = Math.abs(value) * f;
  // The epsilon absorbs binary noise such as 2.4499999999 for a decimal 2.45.
  return (Math.sign(value) * Math.round(scaled + 1e-9 * Math.max(1, scaled))) / f;
}

/** A converted value rounded for display in `unit`. */
export function roundForUnit(value: number, unit: UcumUnit): number {
  return roundTo(value, UNITS[unit].decimals);
}

/** Unit label of what was sent: the supported unit's label, else the text as sent. */
export function sentUnitLabel(unit: UcumUnit | undefined, sent: string): string {
  return unit ? unitLabel(unit) : sent;
}
