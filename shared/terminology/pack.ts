/**
 * The offline terminology pack: designations per code system, code and language, built by
 * `npm run terminology` from the tables in `resources/terminology/source/` and shipped as
 * `resources/terminology/pack.json`, so coded entries can be shown in the clinician's language
 * without any network.
 */
import { z } from 'zod';

/** Bumped when the JSON shape changes, so an app never misreads an older or newer pack. */
export const PACK_FORMAT = 1;

/** A primary language subtag as used for pack columns (`en`, `de`, `fr`, `it`, `es`). */
export const PackLanguageSchema = z.string().regex(/^[a-z]{2,3}$/, 'primary language subtag');

/** Designations of one concept by language; English is always present. */
export const DesignationsSchema = z
  .object({ en: z.string().min(1) })
  .catchall(z.string().min(1))
  .refine((d) => Object.keys(d).every((k) => PackLanguageSchema.safeParse(k).success), {
    message: 'designation keys must be primary language subtags',
  });

export const TerminologyPackSchema = z
  .object({
    format: z.literal(PACK_FORMAT),
    /** Content hash of `languages` + `systems`: changes exactly when a designation changes. */
    version: z.string().regex(/^sha256-[0-9a-f]{16}$/),
    /** Source tables the pack was built from, for provenance in the About box. */
    sources: z.array(z.string().min(1)),
    languages: z.array(PackLanguageSchema).min(1),
    /** `{ [canonical system URI]: { [code]: designations } }`. */
    systems: z.record(
      z.string().regex(/^(https?:\/\/|urn:)/, 'system URI'),
      z.record(z.string().min(1), DesignationsSchema),
    ),
  })
  .superRefine((pack, ctx) => {
    const languages = new Set(pack.languages);
    if (!languages.has('en')) {
      ctx.addIssue({ code: 'custom', message: 'languages must include en', path: ['languages'] });
    }
    for (const [system, codes] of Object.entries(pack.systems)) {
      for (const [code, designations] of Object.entries(codes)) {
        for (const lang of Object.keys(designations)) {
          if (!languages.has(lang)) {
            ctx.addIssue({
              code: 'custom',
              message: `language ${lang} is not listed in languages`,
              path: ['systems', system, code, lang],
            });
          }
        }
      }
    }
  });

export type Designations = z.infer<typeof DesignationsSchema>;
export type TerminologyPack = z.infer<typeof TerminologyPackSchema>;

/**
 * Validates a pack read from disk or bundled JSON. Returns an error value rather than throwing
 * so the app can start without translations (every entry then says "untranslated") instead of
 * failing to start.
 */
export function parseTerminologyPack(
  json: unknown,
): { ok: true; value: TerminologyPack } | { ok: false; error: string } {
  const parsed = TerminologyPackSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0];
  const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
  return { ok: false, error: `invalid terminology pack${where}: ${first?.message ?? 'unknown'}` };
}
