/**
 * Where an imported IPS document came from. Shown in the viewer's header and the chart's list of
 * imported summaries, kept with the cached copy, and named in the audit trail: a translated
 * summary is only as trustworthy as the clinician's knowledge of its origin.
 */
import { z } from 'zod';

/** ISO 3166-1 alpha-2, as the contact point is asked. */
export const countryCodeSchema = z.string().regex(/^[A-Z]{2}$/);

export const ipsImportSourceSchema = z.discriminatedUnion('kind', [
  /** A JSON file the clinician opened or dropped. */
  z.object({ kind: z.literal('file'), name: z.string() }),
  /** A national contact point (the sandbox simulates one per country). */
  z.object({ kind: z.literal('ncp'), country: countryCodeSchema, identifier: z.string().min(1) }),
  /** `Patient/<id>/$summary` on the signed-in FHIR server (its base URL). */
  z.object({ kind: z.literal('summary'), server: z.string().min(1) }),
]);

export type IpsImportSource = z.infer<typeof ipsImportSourceSchema>;
