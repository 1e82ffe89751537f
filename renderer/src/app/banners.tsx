/**
 * The app-wide banner area (offline, degraded server, session notices). Any component can
 * raise a banner with {@link useBanners}; the shell renders them above the main content.
 */
import { Alert, Stack } from '@mantine/core';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export interface Banner {
  /** Stable id: raising the same id again replaces the banner. */
  id: string;
  color: 'red' | 'yellow' | 'blue' | 'green';
  /** Already translated by the caller. */
  title: ReactNode;
  body?: ReactNode;
  dismissible?: boolean;
}

interface BannerApi {
  show: (banner: Banner) => void;
  dismiss: (id: string) => void;
}

const BannerListContext = createContext<Banner[]>([]);
const BannerApiContext = createContext<BannerApi | null>(null);

export function BannerProvider(props: { children: ReactNode }) {
  const [banners, setBanners] = useState<Banner[]>([]);
  const show = useCallback(
    (banner: Banner) => setBanners((list) => [...list.filter((b) => b.id !== banner.id), banner]),
    [],
  );
  const dismiss = useCallback(
    (id: string) => setBanners((list) => list.filter((b) => b.id !== id)),
    [],
  );
  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <BannerApiContext.Provider value={api}>
      <BannerListContext.Provider value={banners}>{props.children}</BannerListContext.Provider>
    </BannerApiContext.Provider>
  );
}

export function useBanners(): BannerApi {
  const api = useContext(BannerApiContext);
  if (!api) throw new Error('useBanners() needs a <BannerProvider> above it');
  return api;
}

/** The banner API when a provider is present (components also rendered in isolation). */
export function useOptionalBanners(): BannerApi | null {
  return useContext(BannerApiContext);
}

/** Where banners appear; a live region so screen readers hear new ones. */
export function BannerArea(props: { closeLabel: string }) {
  const banners = useContext(BannerListContext);
  const api = useContext(BannerApiContext);
  return (
    <Stack gap="xs" aria-live="polite" data-testid="banner-area">
      {banners.map((b) => (
        <Alert
          key={b.id}
          color={b.color}
          title={b.title}
          withCloseButton={b.dismissible === true}
          closeButtonLabel={props.closeLabel}
          onClose={() => api?.dismiss(b.id)}
          data-banner-id={b.id}
        >
          {b.body}
        </Alert>
      ))}
    </Stack>
  );
}
