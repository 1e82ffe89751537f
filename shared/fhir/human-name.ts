/**
 * Display of FHIR `HumanName` values.
 * @see https://hl7.org/fhir/R4/datatypes.html#HumanName
 */
import type { HumanName } from 'fhir/r4';

/** Preference order of `HumanName.use` when a resource carries several names. */
const USE_RANK: Record<string, number> = {
  official: 0,
  usual: 1,
  temp: 3,
  nickname: 4,
  anonymous: 5,
  maiden: 6,
  old: 7,
};

function rank(name: HumanName): number {
  // A name without `use` is most likely the primary one; rank it just after official/usual.
  return name.use === undefined ? 2 : (USE_RANK[name.use] ?? 2);
}

function isExpired(name: HumanName, today: string): boolean {
  const end = name.period?.end;
  return end !== undefined && end.slice(0, 10) < today;
}

function clean(parts: (string | undefined)[] | undefined): string[] {
  return (parts ?? []).map((p) => (p ?? '').trim()).filter((p) => p.length > 0);
}

/** Formats one name: `text` when given, else prefix + given + family + suffix. */
export function formatOneHumanName(name: HumanName): string {
  const text = name.text?.trim();
  if (text) return text;
  const parts = [
    ...clean(name.prefix),
    ...clean(name.given),
    ...clean([name.family]),
    ...clean(name.suffix),
  ];
  return parts.join(' ');
}

/**
 * The name a clinician should see: prefers `use=official`, then `usual`, then unmarked names,
 * skipping names whose period has ended when another is available. Returns '' when no name has
 * any displayable part (callers show their own "Unnamed" label).
 */
export function formatHumanName(names: HumanName[] | undefined, today?: string): string {
  if (!names || names.length === 0) return '';
  const day = today ?? new Date().toISOString().slice(0, 10);
  const candidates = names
    .map((name, index) => ({ name, index, text: formatOneHumanName(name) }))
    .filter((c) => c.text.length > 0);
  const current = candidates.filter((c) => !isExpired(c.name, day));
  const pool = current.length > 0 ? current : candidates;
  pool.sort((a, b) => rank(a.name) - rank(b.name) || a.index - b.index);
  return pool[0]?.text ?? '';
}
