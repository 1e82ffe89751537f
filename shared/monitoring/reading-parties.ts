/**
 * Who and what took a reading: the device (with a name a clinician recognises) and the
 * performers. A Device reference is resolved among the resources at hand (a Bundle, or Devices
 * passed in) and named from Device.deviceName, else manufacturer and model.
 * @see https://hl7.org/fhir/R4/device.html
 */
import type { Observation } from 'fhir/r4';
import { z } from 'zod';
import { resolveReference, type ResourceIndex } from '../fhir/references';
import type { referenceSchema } from './fhir-shapes';

export interface ReadingParty {
  reference?: string;
  display?: string;
}

const deviceSchema = z.object({
  resourceType: z.literal('Device'),
  deviceName: z.array(z.object({ name: z.string(), type: z.string().optional() })).optional(),
  manufacturer: z.string().optional(),
  modelNumber: z.string().optional(),
});

/** Display name of a Device (any JSON): its user-friendly name, else any name, else manufacturer + model. */
export function deviceDisplayName(device: unknown): string | undefined {
  const parsed = deviceSchema.safeParse(device);
  if (!parsed.success) return undefined;
  const names = parsed.data.deviceName ?? [];
  const named = names.find((n) => n.type === 'user-friendly-name') ?? names[0];
  if (named?.name.trim()) return named.name.trim();
  const parts = [parsed.data.manufacturer, parsed.data.modelNumber].filter((p) => p?.trim());
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** A reference with its display: as sent, else the resolved Device's name. */
export function readParty(
  ref: z.infer<typeof referenceSchema>,
  index: ResourceIndex | undefined,
  container: Observation,
): ReadingParty {
  let display = ref.display?.trim();
  if (!display && ref.reference) {
    const target = resolveReference(ref.reference, { ...(index ? { index } : {}), container });
    if (target?.resourceType === 'Device') display = deviceDisplayName(target);
  }
  const party: ReadingParty = {};
  if (ref.reference) party.reference = ref.reference;
  if (display) party.display = display;
  return party;
}
