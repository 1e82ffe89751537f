import { useState } from 'react';

/**
 * Screen-reader announcements for state that changes under the user (mute, camera, the
 * connection): returns the i18n keys describing the latest change of any of `values`, for an
 * `aria-live` region. Nothing is announced for the first values, only for changes. State is
 * adjusted during render (React's "storing information from previous renders" pattern), so
 * the announcement lands in the same commit as the change it describes.
 */
export function useChangeAnnouncement<V extends Record<string, string | boolean>>(
  values: V,
  describe: (key: keyof V & string, next: V[keyof V], previous: V[keyof V]) => string | undefined,
): readonly string[] {
  const [state, setState] = useState<{ values: V; keys: readonly string[] }>({
    values,
    keys: [],
  });
  const changed = (Object.keys(values) as (keyof V & string)[]).filter(
    (key) => values[key] !== state.values[key],
  );
  if (changed.length > 0) {
    const keys = changed.flatMap((key) => describe(key, values[key], state.values[key]) ?? []);
    setState({ values, keys: keys.length > 0 ? keys : state.keys });
    return keys.length > 0 ? keys : state.keys;
  }
  return state.keys;
}
