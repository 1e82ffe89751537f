/**
 * Every namespace file under `locales/<lng>/<ns>.json`, loaded at build time. Features add
 * a namespace by adding its JSON files; nothing registers itself.
 */
import { PSEUDO_LOCALE, pseudoLocalizeTree, type ResourceTree } from './pseudo';

const files = import.meta.glob<{ default: ResourceTree }>('./locales/*/*.json', { eager: true });

export type Resources = Record<string, Record<string, ResourceTree>>;

function collect(): Resources {
  const resources: Resources = {};
  for (const [path, mod] of Object.entries(files)) {
    const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match?.[1] || !match[2]) continue;
    const [, lng, ns] = match;
    resources[lng] ??= {};
    resources[lng][ns] = mod.default;
  }
  const en = resources.en ?? {};
  resources[PSEUDO_LOCALE] = Object.fromEntries(
    Object.entries(en).map(([ns, tree]) => [ns, pseudoLocalizeTree(tree)]),
  );
  return resources;
}

export const resources: Resources = collect();
export const namespaces: string[] = Object.keys(resources.en ?? {});
