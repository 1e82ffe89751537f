/**
 * Collects the parts of an {@link EntrySummary} while reading a resource defensively: each
 * reader validates the element it reads and records it as unreadable when its JSON shape is
 * wrong. Paths in `unreadable` are relative to the resource (`reaction[0].manifestation`).
 */
import type { CodeableConcept } from 'fhir/r4';
import type {
  ConceptLabel,
  DateLabel,
  DosageSummary,
  EntrySummary,
  IngredientSummary,
  StatusLabel,
  ValueLabel,
} from './entry-summary-types';
import { readDateElement, readTime, readValue, type FhirValue } from './fhir-values';
import { readConcept, readString, readRange, readQuantity } from './schemas';

type Json = Record<string, unknown>;

type Built = Omit<EntrySummary, 'resourceType' | 'kind' | 'absence' | 'enteredInError'>;

export class EntrySummaryBuilder {
  readonly record: Json;
  private mainConcept: CodeableConcept | undefined;
  private mainText: string | undefined;
  private readonly parts: {
    concepts: { label: ConceptLabel; concept: CodeableConcept }[];
    statuses: {
      label: StatusLabel;
      code: string | undefined;
      concept: CodeableConcept | undefined;
    }[];
    dates: EntrySummary['dates'][number][];
    values: { label: ValueLabel; value: FhirValue; code: CodeableConcept | undefined }[];
    dosages: DosageSummary[];
    ingredients: IngredientSummary[];
    notes: string[];
    unreadable: string[];
  } = {
    concepts: [],
    statuses: [],
    dates: [],
    values: [],
    dosages: [],
    ingredients: [],
    notes: [],
    unreadable: [],
  };
  /** Path prefix of the element being read by {@link each}. */
  private prefix = '';

  constructor(resource: object) {
    this.record = resource as Json;
  }

  invalid(element: string): void {
    this.parts.unreadable.push(`${this.prefix}${element}`);
  }

  private conceptAt(key: string, from: Json): CodeableConcept | undefined {
    const read = readConcept(from[key]);
    if (read.state === 'invalid') this.invalid(key);
    return read.state === 'ok' ? read.value : undefined;
  }

  main(key: string): void {
    this.mainConcept = this.conceptAt(key, this.record);
  }

  setMain(concept: CodeableConcept | undefined): void {
    this.mainConcept = concept;
  }

  display(text: string | undefined): void {
    if (text !== undefined && text.trim() !== '') this.mainText ??= text;
  }

  concept(label: ConceptLabel, key: string, from: Json = this.record): void {
    const concept = this.conceptAt(key, from);
    if (concept) this.parts.concepts.push({ label, concept });
  }

  concepts(label: ConceptLabel, key: string, from: Json = this.record): void {
    const list = from[key];
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.invalid(key);
      return;
    }
    list.forEach((item: unknown, i) => {
      const read = readConcept(item);
      if (read.state === 'ok') this.parts.concepts.push({ label, concept: read.value });
      else this.invalid(`${key}[${i}]`);
    });
  }

  /** A CodeableConcept status (clinicalStatus…): its first code and the concept. */
  status(label: StatusLabel, key: string, from: Json = this.record): void {
    const concept = this.conceptAt(key, from);
    if (concept) {
      const code = concept.coding?.find((c) => c.code !== undefined)?.code;
      this.parts.statuses.push({ label, code, concept });
    }
  }

  /** A primitive `code` status (status, criticality…). */
  code(label: StatusLabel, key: string, from: Json = this.record): void {
    const value = from[key];
    if (value === undefined) return;
    const code = readString(value);
    if (code === undefined) this.invalid(key);
    else this.parts.statuses.push({ label, code, concept: undefined });
  }

  codes(label: StatusLabel, key: string, from: Json = this.record): void {
    const list = from[key];
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.invalid(key);
      return;
    }
    list.forEach((item: unknown, i) => {
      if (typeof item === 'string')
        this.parts.statuses.push({ label, code: item, concept: undefined });
      else this.invalid(`${key}[${i}]`);
    });
  }

  time(label: DateLabel, prefix: string, from: Json = this.record): void {
    const read = readTime(from, prefix);
    if (read.state === 'ok') this.parts.dates.push({ label, time: read.value });
    else if (read.state === 'invalid') this.invalid(read.element);
  }

  date(label: DateLabel, key: string, from: Json = this.record): void {
    const read = readDateElement(from, key);
    if (read.state === 'ok') this.parts.dates.push({ label, time: read.value });
    else if (read.state === 'invalid') this.invalid(read.element);
  }

  value(label: ValueLabel, prefix: string, from: Json = this.record, code?: CodeableConcept): void {
    const read = readValue(from, prefix);
    if (read.state === 'ok') this.parts.values.push({ label, value: read.value, code });
    else if (read.state === 'invalid') this.invalid(read.element);
  }

  string(label: ValueLabel, key: string, from: Json = this.record): void {
    const value = from[key];
    if (value === undefined) return;
    const s = readString(value);
    if (s === undefined) this.invalid(key);
    else this.parts.values.push({ label, value: { type: 'string', value: s }, code: undefined });
  }

  /** Calls `read` for each object in the array element `key`, with paths prefixed. */
  each(key: string, read: (item: Json) => void): void {
    const list = this.record[key];
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.invalid(key);
      return;
    }
    const outer = this.prefix;
    list.forEach((item: unknown, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        this.invalid(`${key}[${i}]`);
        return;
      }
      this.prefix = `${outer}${key}[${i}].`;
      read(item as Json);
    });
    this.prefix = outer;
  }

  /** `Observation.referenceRange`: low/high as a Range (units as sent), else its text. */
  referenceRanges(): void {
    this.each('referenceRange', (range) => {
      const low = readQuantity(range.low);
      const high = readQuantity(range.high);
      if (low.state === 'invalid' || high.state === 'invalid') this.invalid('low/high');
      const asRange = readRange({
        ...(low.state === 'ok' ? { low: low.value } : {}),
        ...(high.state === 'ok' ? { high: high.value } : {}),
      });
      const text = readString(range.text);
      if (asRange.state === 'ok' && (low.state === 'ok' || high.state === 'ok')) {
        this.parts.values.push({
          label: 'referenceRange',
          value: { type: 'Range', range: asRange.value },
          code: undefined,
        });
      } else if (text !== undefined) {
        this.parts.values.push({
          label: 'referenceRange',
          value: { type: 'string', value: text },
          code: undefined,
        });
      }
    });
  }

  /** `note[].text` (Annotation) as sent. */
  notes(): void {
    this.each('note', (note) => {
      const text = readString(note.text);
      if (text === undefined) this.invalid('text');
      else this.parts.notes.push(text);
    });
  }

  addDosage(dosage: DosageSummary): void {
    this.parts.dosages.push(dosage);
  }

  addIngredient(ingredient: IngredientSummary): void {
    this.parts.ingredients.push(ingredient);
  }

  build(): Built {
    return { main: this.mainConcept, mainDisplay: this.mainText, ...this.parts };
  }
}
