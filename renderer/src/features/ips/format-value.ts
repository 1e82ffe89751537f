/**
 * Observation-style values as sent: quantities keep their source units (never converted), dates
 * stay strings. Undefined for a value type the viewer does not display, so the caller flags it.
 */
import type { Quantity } from 'fhir/r4';
import type { FhirValue } from '../../../../shared/ips/fhir-values';

function quantity(q: Quantity | undefined): string {
  if (!q) return '…';
  const unit = q.unit ?? q.code ?? '';
  return `${q.comparator ?? ''}${String(q.value ?? '?')}${unit ? ` ${unit}` : ''}`;
}

export function formatValue(value: FhirValue): string | undefined {
  switch (value.type) {
    case 'Quantity':
      return quantity(value.quantity);
    case 'CodeableConcept':
      return (
        value.concept.text ??
        value.concept.coding?.find((c) => c.display)?.display ??
        value.concept.coding?.[0]?.code ??
        ''
      );
    case 'string':
    case 'dateTime':
    case 'time':
      return value.value;
    case 'boolean':
    case 'integer':
      return String(value.value);
    case 'Range':
      return `${quantity(value.range.low)} – ${quantity(value.range.high)}`;
    case 'Ratio':
      return `${quantity(value.ratio.numerator)} / ${quantity(value.ratio.denominator)}`;
    case 'Period':
      return `${value.period.start ?? '…'} – ${value.period.end ?? '…'}`;
    case 'unsupported':
      return undefined;
  }
}
