/**
 * A data check's message in the clinician's language. The check carries an i18n key
 * (`ips:checks.<kind>`) and values; the values that are themselves words are translated here
 * too — the reason a reference fails, and the catalogue name of a missing required section —
 * while titles and references from the document stay as sent. The English text built by
 * shared/ips is the fallback for a key a locale lacks.
 */
import type { TFunction } from 'i18next';
import type { IpsCheck } from '../../../../shared/ips/checks';
import { REFERENCE_FAILURE_TEXT } from '../../../../shared/ips/check-messages';
import type { ReferenceFailureReason } from '../../../../shared/ips/references';
import { sectionDefinition } from '../../../../shared/ips/sections';

function isReason(value: unknown): value is ReferenceFailureReason {
  return typeof value === 'string' && value in REFERENCE_FAILURE_TEXT;
}

export function checkMessage(t: TFunction<'ips'>, check: IpsCheck): string {
  const values: Record<string, string | number> = { ...check.values };
  if (isReason(values.reason)) {
    values.reason = t(`referenceFailure.${values.reason}`, {
      defaultValue: REFERENCE_FAILURE_TEXT[values.reason],
    });
  }
  if (check.kind === 'required-section-missing' && typeof values.code === 'string') {
    const definition = sectionDefinition(values.code);
    if (definition) {
      values.section = t(definition.titleKey, { defaultValue: definition.defaultTitle });
    }
  }
  return t(check.messageKey, { ...values, defaultValue: check.text });
}
