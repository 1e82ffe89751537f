/**
 * Stands before sign-in: reads the effective configuration once and, when a configuration
 * file was unusable (`config.problems`), shows {@link ConfigProblemScreen} instead of the app.
 * A blocking problem (the clinic's file) never lets the app go on; a user-file problem can be
 * passed by, once per tab (remembered in sessionStorage so the SMART redirect does not ask
 * again). It also keeps the UI language within the clinic's `languages`.
 *
 * When the configuration cannot be loaded at all, the children render: the sign-in gate has
 * its own error screen with Retry for that.
 */
import { Center, Loader } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig, ConfigProblem } from '../../../../shared/config/app-config';
import { useHost } from '../../host/HostProvider';
import { PSEUDO_LOCALE } from '../../i18n/pseudo';
import { ConfigProblemScreen } from './ConfigProblemScreen';
import { offeredLanguages } from './LanguageSetting';

/** sessionStorage key: the user-file problems this tab already passed by. */
export const SEEN_PROBLEMS_KEY = 'cw.config-problems-seen';

function signature(problems: readonly ConfigProblem[]): string {
  return JSON.stringify(problems.map((p) => [p.file.path, p.field, p.message]));
}

function alreadySeen(problems: readonly ConfigProblem[], storage: Storage | undefined): boolean {
  try {
    return storage?.getItem(SEEN_PROBLEMS_KEY) === signature(problems);
  } catch {
    return false;
  }
}

export interface ConfigGateProps {
  children: ReactNode;
  /** Defaults to the page's sessionStorage. */
  session?: Storage;
}

export function ConfigGate(props: ConfigGateProps) {
  const host = useHost();
  const { t, i18n } = useTranslation('settings');
  const session = props.session ?? window.sessionStorage;
  const [state, setState] = useState<
    { k: 'loading' } | { k: 'ok' } | { k: 'problems'; config: AppConfig }
  >({ k: 'loading' });

  useEffect(() => {
    let live = true;
    host.getConfig().then(
      (config) => {
        if (!live) return;
        const offered: readonly string[] = offeredLanguages(config);
        const first = offered[0];
        if (
          config.languages &&
          first !== undefined &&
          i18n.language !== PSEUDO_LOCALE &&
          !offered.includes(i18n.language)
        ) {
          void i18n.changeLanguage(first);
        }
        const problems = config.problems ?? [];
        const blocking = problems.some((p) => p.blocking);
        if (problems.length === 0 || (!blocking && alreadySeen(problems, session))) {
          setState({ k: 'ok' });
        } else {
          setState({ k: 'problems', config });
        }
      },
      () => live && setState({ k: 'ok' }),
    );
    return () => {
      live = false;
    };
  }, [host, i18n, session]);

  switch (state.k) {
    case 'loading':
      return (
        <Center mih="60vh">
          <Loader aria-label={t('loading')} />
        </Center>
      );
    case 'problems': {
      const problems = state.config.problems ?? [];
      return (
        <ConfigProblemScreen
          problems={problems}
          onContinue={() => {
            try {
              session.setItem(SEEN_PROBLEMS_KEY, signature(problems));
            } catch {
              // storage disabled: asked again after a reload
            }
            setState({ k: 'ok' });
          }}
        />
      );
    }
    case 'ok':
      return <>{props.children}</>;
  }
}
