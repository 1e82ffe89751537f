/**
 * Medication reconciliation between the medicines of an IPS and the local record. Two medicines
 * are paired when they share a product code or an active ingredient (ATC level 5, or a coded
 * `Medication.ingredient` — SNOMED CT, RxNorm, anything coded); then ingredient set, strength
 * and dose form are compared. Brand never counts: "Arimidex 1 mg" and "anastrozole 1 mg" with
 * the same ATC code are the same medicine. Where a property cannot be compared exactly it is
 * "unknown", never assumed equal or different.
 * @see https://hl7.org/fhir/R4/medication.html
 * @see https://standardterms.edqm.eu (dose forms)
 */
import type { CodeableConcept } from 'fhir/r4';
import { codingIdentity, type IngredientFacts, type MedicationFacts } from './medication-facts';
import { compareRatios, type Comparison } from './strength';

export type MedRecAspect = 'ingredient' | 'strength' | 'form';

/** `product-code`: the two share a product coding; `ingredient`: they share an active ingredient. */
export type MedRecBasis = 'product-code' | 'ingredient';

export type MedRecAspects = Readonly<Record<MedRecAspect, Comparison>>;

export type MedRecRow =
  | {
      readonly kind: 'same';
      readonly ips: MedicationFacts;
      readonly local: MedicationFacts;
      readonly basis: MedRecBasis;
      /** "unknown" aspects could not be compared (not stated, or in different units). */
      readonly aspects: MedRecAspects;
    }
  | {
      readonly kind: 'different';
      readonly ips: MedicationFacts;
      readonly local: MedicationFacts;
      readonly basis: MedRecBasis;
      readonly aspects: MedRecAspects;
      readonly differs: readonly MedRecAspect[];
    }
  | {
      readonly kind: 'only-ips';
      readonly ips: MedicationFacts;
      /** False when the medicine has no product code and no coded ingredient: it could match nothing. */
      readonly comparable: boolean;
    }
  | { readonly kind: 'only-local'; readonly local: MedicationFacts; readonly comparable: boolean };

/** Dose forms: the same code → same; codes of one system that differ → different; else unknown. */
export function compareForms(
  a: CodeableConcept | undefined,
  b: CodeableConcept | undefined,
): Comparison {
  const ids = (c: CodeableConcept | undefined): string[] =>
    (c?.coding ?? []).map(codingIdentity).filter((id): id is string => id !== undefined);
  const x = ids(a);
  const y = ids(b);
  if (x.length === 0 || y.length === 0) return 'unknown';
  if (x.some((id) => y.includes(id))) return 'same';
  const systems = (list: string[]): Set<string> =>
    new Set(list.map((id) => id.slice(0, id.lastIndexOf('|'))));
  const sx = systems(x);
  return [...systems(y)].some((s) => sx.has(s)) ? 'different' : 'unknown';
}

function pairIngredients(
  a: readonly IngredientFacts[],
  b: readonly IngredientFacts[],
): [IngredientFacts, IngredientFacts][] {
  const used = new Set<number>();
  const pairs: [IngredientFacts, IngredientFacts][] = [];
  for (const x of a) {
    const j = b.findIndex(
      (y, k) => !used.has(k) && y.identities.some((id) => x.identities.includes(id)),
    );
    const y = b[j];
    if (j === -1 || !y) continue;
    used.add(j);
    pairs.push([x, y]);
  }
  return pairs;
}

interface Candidate {
  readonly i: number;
  readonly j: number;
  readonly basis: MedRecBasis;
  readonly aspects: MedRecAspects;
  readonly score: number;
}

function compare(
  ips: MedicationFacts,
  local: MedicationFacts,
  i: number,
  j: number,
): Candidate | undefined {
  const product = ips.productCodes.some((c) => local.productCodes.includes(c));
  const pairs = pairIngredients(ips.ingredients, local.ingredients);
  if (!product && pairs.length === 0) return undefined;
  const allPaired =
    pairs.length === ips.ingredients.length && pairs.length === local.ingredients.length;
  const ingredient: Comparison = product || allPaired ? 'same' : 'different';
  const strengths = pairs.map(([x, y]) => compareRatios(x.strength, y.strength));
  let strength: Comparison = strengths.includes('different')
    ? 'different'
    : strengths.length > 0 && strengths.every((s) => s === 'same')
      ? 'same'
      : 'unknown';
  let form = compareForms(ips.form, local.form);
  // One product code means one product: what it does not state is implied by the code.
  if (product && strength === 'unknown') strength = 'same';
  if (product && form === 'unknown') form = 'same';
  const points = (c: Comparison, weight: number): number =>
    c === 'same' ? weight : c === 'unknown' ? weight / 2 : 0;
  const score =
    (product ? 1000 : 0) + points(ingredient, 100) + points(strength, 10) + points(form, 2);
  return {
    i,
    j,
    basis: product ? 'product-code' : 'ingredient',
    aspects: { ingredient, strength, form },
    score,
  };
}

const comparable = (m: MedicationFacts): boolean =>
  m.productCodes.length > 0 || m.ingredients.some((x) => x.identities.length > 0);

/**
 * Reconciles IPS medicines with local ones. Rows come in IPS order (paired or "only in the
 * IPS"), then the local medicines nothing matched. Each medicine appears in exactly one row;
 * when several could pair, the closest pairs are made first.
 */
export function reconcileMedications(
  ips: readonly MedicationFacts[],
  local: readonly MedicationFacts[],
): MedRecRow[] {
  const candidates: Candidate[] = [];
  ips.forEach((a, i) => {
    local.forEach((b, j) => {
      const c = compare(a, b, i, j);
      if (c) candidates.push(c);
    });
  });
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const byIps = new Map<number, Candidate>();
  const usedLocal = new Set<number>();
  for (const c of candidates) {
    if (byIps.has(c.i) || usedLocal.has(c.j)) continue;
    byIps.set(c.i, c);
    usedLocal.add(c.j);
  }
  const rows: MedRecRow[] = [];
  ips.forEach((a, i) => {
    const c = byIps.get(i);
    const b = c ? local[c.j] : undefined;
    if (!c || !b) {
      rows.push({ kind: 'only-ips', ips: a, comparable: comparable(a) });
      return;
    }
    const differs = (['ingredient', 'strength', 'form'] as const).filter(
      (k) => c.aspects[k] === 'different',
    );
    rows.push(
      differs.length > 0
        ? { kind: 'different', ips: a, local: b, basis: c.basis, aspects: c.aspects, differs }
        : { kind: 'same', ips: a, local: b, basis: c.basis, aspects: c.aspects },
    );
  });
  local.forEach((b, j) => {
    if (!usedLocal.has(j)) rows.push({ kind: 'only-local', local: b, comparable: comparable(b) });
  });
  return rows;
}
