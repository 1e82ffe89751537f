/**
 * The core of the synthetic record builder: stable ids (`<patient>-<kind>-<n>`) and
 * `meta.lastUpdated` shortly after each clinical date (never after the anchor), so
 * `_lastUpdated` and `_sort` behave like a real server's data. Subclasses add resource kinds.
 */
import { ANCHOR_MS, daysAgo } from './prng';
import type { Rng } from './prng';
import type { Concept } from './codes';
import type { IncomingResource } from '../fhir/types';

export interface GeneratedResource {
  resource: IncomingResource;
  lastUpdated: string;
}

export const ORGANIZATION_ID = 'org-riverside';
export const RADIOLOGIST_ID = 'practitioner-novak';

/** A generated narrative (`text`) with the content escaped. */
export const xhtml = (text: string): { status: string; div: string } => ({
  status: 'generated',
  div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p></div>`,
});

/** A CodeableConcept with one coding; text defaults to the display. */
export const cc = (system: string, c: Concept, text?: string): Record<string, unknown> => ({
  coding: [{ system, code: c.code, display: c.display }],
  text: text ?? c.display,
});

export class BaseBuilder {
  readonly out: GeneratedResource[] = [];
  private readonly counters = new Map<string, number>();

  constructor(
    readonly patientId: string,
    readonly rng: Rng,
    readonly practitionerId: string,
  ) {}

  get subject(): { reference: string } {
    return { reference: `Patient/${this.patientId}` };
  }

  protected nextId(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${this.patientId}-${kind}-${String(n).padStart(kind === 'obs' ? 5 : 3, '0')}`;
  }

  /** Adds a resource; lastUpdated = clinical instant + 2 h, clamped to the anchor. */
  add(resource: IncomingResource, when: string): IncomingResource {
    const at = Date.parse(when.length === 10 ? `${when}T12:00:00Z` : when);
    const lastUpdated = new Date(Math.min(at + 2 * 3_600_000, ANCHOR_MS)).toISOString();
    this.out.push({ resource, lastUpdated });
    return resource;
  }
  newId(kind: string): string {
    return this.nextId(kind);
  }

  /** `daysAgo` with a random minute, so readings are not all on the hour. */
  at(days: number, hour: number): string {
    return daysAgo(days, hour, this.rng.int(0, 59));
  }
}
