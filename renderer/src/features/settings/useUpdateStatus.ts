/**
 * Where the desktop app's update stands, kept current: asked once, then every change main
 * announces (`updates:status`). The browser host has no updates (its web deployment serves new
 * versions), which this says as `browser`.
 */
import { useEffect, useState } from 'react';
import { useHost } from '../../host/HostProvider';
import type { UpdateStatus } from '../../host/Host';

export type UpdateView =
  | { k: 'browser' }
  | { k: 'loading' }
  /** Main could not be asked; nothing is offered. */
  | { k: 'unavailable' }
  | { k: 'known'; status: UpdateStatus };

export function useUpdateStatus(): UpdateView {
  const host = useHost();
  const updates = host.updates;
  const [view, setView] = useState<UpdateView>(updates ? { k: 'loading' } : { k: 'browser' });
  useEffect(() => {
    if (!updates) return;
    let live = true;
    let announced = false;
    const off = updates.onStatus((status) => {
      announced = true;
      if (live) setView({ k: 'known', status });
    });
    updates.status().then(
      // An announcement that came first is newer than this answer.
      (status) => live && !announced && setView({ k: 'known', status }),
      () => live && !announced && setView({ k: 'unavailable' }),
    );
    return () => {
      live = false;
      off();
    };
  }, [updates]);
  return view;
}
