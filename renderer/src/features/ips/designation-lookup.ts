/**
 * The third source of translations (issue 6: document → pack → terminology server): when the
 * clinic configured `terminology.lookupUrl`, a designation neither the document nor the
 * offline pack has is asked from that server (`CodeSystem/$lookup` with `displayLanguage`).
 * Answers are kept for the session per code and language, so a document with the same code
 * in several sections asks once, and a server that is down is asked once and then left alone
 * (the entry stays "untranslated: original shown").
 */
import type { Coding } from 'fhir/r4';
import { useEffect, useState } from 'react';
import {
  createLookupClient,
  type DesignationLookup,
} from '../../../../shared/terminology/lookup-server';
import { resolveDisplay, type ResolvedDisplay } from '../../../../shared/terminology/resolve';
import type { Host } from '../../host/Host';
import { useHost } from '../../host/HostProvider';
import type { TranslationContext } from './ConceptTranslation';

const clients = new WeakMap<Host, Promise<DesignationLookup | undefined>>();
const answers = new Map<string, Promise<ResolvedDisplay>>();

function lookupFor(host: Host): Promise<DesignationLookup | undefined> {
  let client = clients.get(host);
  if (!client) {
    client = host.getConfig().then(
      (config) => {
        const baseUrl = config.terminology?.lookupUrl;
        if (!baseUrl) return undefined;
        return createLookupClient({
          baseUrl,
          fetch: (url, init) => globalThis.fetch(url, init),
        });
      },
      () => undefined,
    );
    clients.set(host, client);
  }
  return client;
}

/**
 * The server's translation of the first coding that has a system and code, once it has
 * answered; `undefined` while asking, without a configured server, or when `offline` already
 * has a translation (the server is only the last resort).
 */
export function useServerDesignation(
  codings: readonly Coding[],
  ctx: TranslationContext,
  offline: ResolvedDisplay | undefined,
): ResolvedDisplay | undefined {
  const host = useHost();
  const coding = codings.find((c) => c.system?.trim() && c.code?.trim());
  const wanted = offline?.status === 'untranslated' && coding !== undefined;
  const key = wanted ? `${coding.system ?? ''}|${coding.code ?? ''}|${ctx.language}` : undefined;
  const [answer, setAnswer] = useState<{ key: string; resolved: ResolvedDisplay }>();
  useEffect(() => {
    if (key === undefined || coding === undefined) return;
    let live = true;
    void lookupFor(host).then(async (lookup) => {
      if (!lookup) return;
      let pending = answers.get(key);
      if (!pending) {
        pending = resolveDisplay(coding, ctx.language, {
          pack: ctx.pack,
          documentLang: ctx.documentLang,
          lookup,
        });
        answers.set(key, pending);
      }
      const resolved = await pending;
      if (live && resolved.status === 'translated') setAnswer({ key, resolved });
    });
    return () => {
      live = false;
    };
    // `coding` and `ctx` are identified by `key` (system, code, language).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, host]);
  return answer && answer.key === key ? answer.resolved : undefined;
}

/** Tests: forget the session's answers and clients. */
export function resetDesignationLookupForTests(): void {
  answers.clear();
}
