/**
 * The offline terminology pack, bundled with the renderer and validated once. A pack that fails
 * validation is not fatal: every coded entry then shows "untranslated: original shown", which is
 * safe, instead of the IPS viewer failing to open.
 */
import packJson from '../../../../resources/terminology/pack.json';
import { parseTerminologyPack, type TerminologyPack } from '../../../../shared/terminology/pack';

const parsed = parseTerminologyPack(packJson);

/** The validated pack, or undefined when the bundled JSON is invalid. */
export const TERMINOLOGY_PACK: TerminologyPack | undefined = parsed.ok ? parsed.value : undefined;

/** Why the pack could not be used, for the checks panel; undefined when it loaded. */
export const TERMINOLOGY_PACK_ERROR: string | undefined = parsed.ok ? undefined : parsed.error;
