/**
 * The patient page: one column that fits a 360 px phone. The visit is already knocking when
 * this renders (main.tsx starts it before React mounts); the page walks the patient through
 * the device check, name and consent, and the waiting room, then shows the call, and says
 * plainly how the visit ended.
 */
import { Alert, Container, Group, Stack, Title } from '@mantine/core';
import type { i18n as I18n } from 'i18next';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { CallView } from '../features/consult/call/ui/CallView';
import { useCallSession } from '../features/consult/call/useCallSession';
import { createAnalyserLevelMeter, type CreateLevelMeter } from './browser-media';
import { ConnectionStatus } from './ConnectionStatus';
import { DeviceCheck } from './DeviceCheck';
import { JoinDetails } from './JoinDetails';
import { LanguagePicker } from './LanguagePicker';
import type { PatientVisit } from './patient-visit';
import { VisitOver, type VisitOutcome } from './VisitOver';
import { WaitingRoom } from './WaitingRoom';

export interface PatientAppProps {
  /** Undefined when the link carries no usable ticket. */
  visit: PatientVisit | undefined;
  i18n: I18n;
  /** Microphone level meter (Web Audio); tests pass a fake. */
  createLevelMeter?: CreateLevelMeter;
}

export function PatientApp(props: PatientAppProps): React.JSX.Element {
  return (
    <I18nextProvider i18n={props.i18n}>
      <PatientPage>
        {props.visit ? (
          <Visit
            visit={props.visit}
            createLevelMeter={props.createLevelMeter ?? createAnalyserLevelMeter}
          />
        ) : (
          <VisitOver outcome="failed" reason="missing-ticket" focus={false} />
        )}
      </PatientPage>
    </I18nextProvider>
  );
}

function PatientPage(props: { children: React.ReactNode }): React.JSX.Element {
  const { t } = useTranslation('patient');
  const title = t('title');
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <Container size={720} px="sm" py="md">
      <Stack gap="md">
        <Group component="header" justify="space-between" wrap="nowrap" gap="xs">
          <Title order={1} size="h3">
            {title}
          </Title>
          <LanguagePicker />
        </Group>
        <main>{props.children}</main>
      </Stack>
    </Container>
  );
}

const OVER: ReadonlySet<string> = new Set(['denied', 'removed', 'ended', 'left', 'failed']);

function isOver(phase: string): phase is VisitOutcome {
  return OVER.has(phase);
}

function Visit(props: {
  visit: PatientVisit;
  createLevelMeter: CreateLevelMeter;
}): React.JSX.Element {
  const { t } = useTranslation('patient');
  const { visit } = props;
  const call = useCallSession(visit.session);
  const state = useSyncExternalStore(visit.subscribe, visit.getSnapshot);
  const [checked, setChecked] = useState(false);
  const { media } = state;

  if (isOver(call.phase)) return <VisitOver outcome={call.phase} reason={call.reason} />;

  if (call.phase === 'in-call' && state.consented) {
    return (
      <CallView
        session={visit.session}
        localStream={visit.media.stream}
        localTracksKey={`${media.audioTrackId ?? ''}/${media.videoTrackId ?? ''}`}
        onLeave={() => visit.leave()}
        titleHidden
      />
    );
  }

  return (
    <Stack gap="md">
      <ConnectionStatus signaling={call.signaling} />
      {call.phase === 'in-call' ? (
        <Alert color="blue" role="alert" data-testid="admitted-early">
          {t('details.admittedEarly')}
        </Alert>
      ) : null}
      {!checked ? (
        <DeviceCheck
          visit={state}
          stream={visit.media.stream}
          selfName={state.name}
          selfRole={call.self?.role}
          createLevelMeter={props.createLevelMeter}
          onRetry={() => void visit.retryDevices()}
          onAudioOnly={() => visit.joinAudioOnly()}
          onChatOnly={() => {
            visit.joinChatOnly();
            setChecked(true);
          }}
          onContinue={() => setChecked(true)}
          onDeviceChange={(kind, deviceId) => visit.chooseDevice(kind, deviceId)}
        />
      ) : !state.consented ? (
        <JoinDetails mode={state.mode} onSubmit={(name) => visit.consent(name)} />
      ) : (
        <WaitingRoom onLeave={() => visit.leave()} />
      )}
    </Stack>
  );
}
