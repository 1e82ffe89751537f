/**
 * Video consultation from the chart (clinician side): start → an Encounter (virtual, in
 * progress, through the outbox) and a signaling room; the patient's one-time link with a QR
 * code; the lobby, where a patient appears as soon as they open the link (auto-knock) with
 * their readiness card, an audible and visual knock; admit; the call; more participants by
 * their own links; end → the Encounter gets its period, participants and the call-quality
 * summary, and an optional consult note.
 */
import { memo, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  CopyButton,
  Group,
  Image,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import type { Encounter, FhirResource, Patient } from 'fhir/r4';
import type { Participant } from '../../../../shared/signaling/protocol';
import {
  finishConsultEncounter,
  startConsultEncounter,
  type GuestRole,
} from '../../../../shared/consult/encounter';
import { useFhir, useSession } from '../../fhir/FhirProvider';
import { useHost } from '../../host/HostProvider';
import { useOptionalOffline } from '../../offline/OfflineContext';
import { buildClinicalNote, noteTitle } from '../../offline/clinical-note';
import { clinicalDate } from '../../offline/index-fields';
import { excerptEntries } from '../../../../shared/consult/excerpt';
import { CallSession } from './call/call-session';
import { useCallSession } from './call/useCallSession';
import { CallView } from './call/ui/CallView';
import { playKnock } from './knock';
import { useScreenShare } from './ScreenPicker';
import { useOptionalLock } from '../lock/LockContext';
import { chatTimeFormat } from './call/ui/chat-time';
import { useCallLockPolicy } from './useCallLockPolicy';
import { consultAuditEvent } from '../audit/consult-audit';
import { useAudit } from '../audit/useAudit';
import {
  createInvite,
  createRoom,
  signalingWsUrl,
  withdrawInvite,
  type Invite,
  type Room,
} from './signaling-api';

interface ActiveConsult {
  signalingUrl: string;
  room: Room;
  encounter: Encounter;
  session: CallSession;
  localStream: MediaStream | undefined;
  /** Camera/microphone could not be opened: why (the clinician joins without them). */
  mediaProblem?: string;
}

type DockState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'error'; message: string }
  | { kind: 'active'; consult: ActiveConsult }
  | { kind: 'ended'; encounterId: string; endedAt: Date };

/** Opens another camera or microphone and sends it instead of the current one. */
async function switchDevice(
  consult: ActiveConsult,
  kind: 'audioinput' | 'videoinput',
  deviceId: string,
): Promise<void> {
  const media = kind === 'audioinput' ? 'audio' : 'video';
  const stream = await navigator.mediaDevices.getUserMedia({
    [media]: { deviceId: { exact: deviceId } },
  });
  const track = media === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
  if (!track) return;
  const old =
    media === 'audio'
      ? consult.localStream?.getAudioTracks()[0]
      : consult.localStream?.getVideoTracks()[0];
  await consult.session.replaceLocalTrack(media, track);
  old?.stop();
}

/** Camera and microphone, else microphone only, else nothing (with the reason). */
async function openMedia(): Promise<{ stream?: MediaStream; problem?: string }> {
  const media = navigator.mediaDevices as MediaDevices | undefined;
  if (!media) return { problem: 'no-devices' };
  try {
    return { stream: await media.getUserMedia({ video: true, audio: true }) };
  } catch (e) {
    try {
      return {
        stream: await media.getUserMedia({ audio: true }),
        problem: e instanceof Error ? e.name : 'camera',
      };
    } catch (e2) {
      return { problem: e2 instanceof Error ? e2.name : 'media' };
    }
  }
}

/** What the dock may share as a record excerpt: the chart as loaded. */
export interface ShareableChart {
  patient: Patient;
  byType: ReadonlyMap<string, readonly FhirResource[]>;
}

export function ConsultDock(props: {
  patientId: string;
  chart?: ShareableChart;
}): React.JSX.Element {
  const { t } = useTranslation('consultHost');
  const host = useHost();
  const fhir = useFhir();
  const user = useSession().user;
  const offline = useOptionalOffline();
  const audit = useAudit();
  const lock = useOptionalLock();
  // Read when a patient knocks: a locked workstation's notification must not name them.
  const locked = useRef(false);
  useEffect(() => {
    locked.current = lock?.locked ?? false;
  }, [lock?.locked]);
  const [state, setState] = useState<DockState>({ kind: 'idle' });
  const active = state.kind === 'active' ? state.consult : undefined;

  // Leaving the chart or the app ends the call cleanly (bye, devices released). While the
  // call runs, no update is installed (Electron main defers it).
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    void host.updates?.setCallActive(true);
    return () => {
      void host.updates?.setCallActive(false);
      window.removeEventListener('beforeunload', warn);
      active.session.leave();
      for (const track of active.localStream?.getTracks() ?? []) track.stop();
    };
  }, [active, host]);

  async function start(): Promise<void> {
    setState({ kind: 'starting' });
    try {
      if (!offline) throw new Error(t('error.noOutbox'));
      const config = await host.getConfig();
      const signalingUrl = config.consult?.signalingUrl;
      if (!signalingUrl) throw new Error(t('error.notConfigured'));
      const token = fhir.accessToken?.();
      if (!token) throw new Error(t('error.noToken'));
      const room = await createRoom(signalingUrl, token, user.display);
      const encounter = startConsultEncounter({
        id: globalThis.crypto.randomUUID(),
        patientId: props.patientId,
        ...(user.fhirUser ? { practitioner: user.fhirUser } : {}),
        practitionerName: user.display,
        start: new Date(),
      });
      await offline.scope.outbox.enqueue({
        patientId: props.patientId,
        resource: encounter,
        label: t('outbox.started'),
      });
      void offline.flushOutbox();
      void audit(consultAuditEvent('consult-started', props.patientId, encounter));
      const { stream, problem } = await openMedia();
      const session = new CallSession({
        wsUrl: signalingWsUrl(signalingUrl),
        ticket: room.hostTicket,
        ...(stream ? { localStream: stream } : {}),
        ...(config.turnServers ? { extraIceServers: config.turnServers } : {}),
        name: user.display,
        onKnock: (p: Participant) => {
          playKnock();
          void host.notify({
            title: t('knock.title'),
            body: locked.current ? t('knock.bodyLocked') : t('knock.body', { name: p.name }),
          });
        },
      });
      session.start();
      setState({
        kind: 'active',
        consult: {
          signalingUrl,
          room,
          encounter,
          session,
          localStream: stream,
          ...(problem ? { mediaProblem: problem } : {}),
        },
      });
    } catch (e) {
      setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  async function end(consult: ActiveConsult): Promise<void> {
    const others = consult.session.admittedParticipants();
    const guests = others
      .filter((p): p is Participant & { role: GuestRole } =>
        ['specialist', 'interpreter', 'family'].includes(p.role),
      )
      .map((p) => ({ role: p.role, name: p.name }));
    const finished = finishConsultEncounter(consult.encounter, {
      end: new Date(),
      guests,
      patientJoined: others.some((p) => p.role === 'patient'),
      quality: consult.session.qualitySummary(),
    });
    consult.session.end();
    void audit(consultAuditEvent('consult-ended', props.patientId, consult.encounter));
    if (offline) {
      await offline.scope.outbox.enqueue({
        patientId: props.patientId,
        resource: finished,
        label: t('outbox.ended'),
        mode: 'replace',
      });
      void offline.flushOutbox();
    }
    setState({ kind: 'ended', encounterId: consult.encounter.id ?? '', endedAt: new Date() });
  }

  if (state.kind === 'active') {
    return (
      <ActiveDock
        consult={state.consult}
        onEnd={(c) => void end(c)}
        {...(props.chart ? { chart: props.chart } : {})}
      />
    );
  }
  return (
    <Card withBorder data-testid="consult-dock">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t('title')}
        </Title>
        {state.kind === 'ended' ? null : (
          <Button
            onClick={() => void start()}
            loading={state.kind === 'starting'}
            data-testid="consult-start"
          >
            {t('start')}
          </Button>
        )}
      </Group>
      {state.kind === 'error' ? (
        <Alert color="red" mt="sm" role="alert" data-testid="consult-error">
          {state.message}
        </Alert>
      ) : null}
      {state.kind === 'ended' ? (
        <EndedPanel
          patientId={props.patientId}
          encounterId={state.encounterId}
          endedAt={state.endedAt}
          onNew={() => setState({ kind: 'idle' })}
        />
      ) : null}
    </Card>
  );
}

function ActiveDock(props: {
  consult: ActiveConsult;
  onEnd: (consult: ActiveConsult) => void;
  chart?: ShareableChart;
}): React.JSX.Element {
  const { t } = useTranslation('consultHost');
  const { consult } = props;
  const snapshot = useCallSession(consult.session);
  useCallLockPolicy(consult.session);
  // Electron: the app's picker over desktopCapturer; the browser host: Chromium's own picker.
  const screenShare = useScreenShare();
  const lobby = snapshot.participants.filter(
    (p) => p.state === 'lobby' && p.id !== snapshot.self?.id,
  );
  return (
    <Card withBorder data-testid="consult-dock" data-phase={snapshot.phase}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {t('inProgress')}
          </Title>
          <Button color="red" onClick={() => props.onEnd(consult)} data-testid="consult-end">
            {t('end')}
          </Button>
        </Group>
        {consult.mediaProblem ? (
          <Alert color="yellow" data-testid="consult-media-problem">
            {t('mediaProblem', { reason: consult.mediaProblem })}
          </Alert>
        ) : null}
        {snapshot.phase === 'failed' ? (
          <Alert color="red" role="alert">
            {t('failed', { reason: snapshot.reason ?? '' })}
          </Alert>
        ) : null}
        <div aria-live="assertive" role="status" data-testid="lobby-knock">
          {lobby.length > 0
            ? t('knock.waiting', { count: lobby.length, name: lobby[0]?.name })
            : ''}
        </div>
        {lobby.map((p) => (
          <LobbyCard key={p.id} participant={p} session={consult.session} />
        ))}
        {screenShare.picker}
        <Invites consult={consult} />
        {props.chart ? <ShareExcerpt session={consult.session} chart={props.chart} /> : null}
        <CallView
          session={consult.session}
          {...(consult.localStream ? { localStream: consult.localStream } : {})}
          getDisplayMedia={screenShare.getDisplayMedia}
          onDeviceChange={(kind, deviceId) => void switchDevice(consult, kind, deviceId)}
          headingOrder={3}
          onLeave={() => props.onEnd(consult)}
        />
      </Stack>
    </Card>
  );
}

/** Chart sections that can be shared, with the resource types they hold. */
const SECTIONS = {
  problems: ['Condition'],
  medications: ['MedicationRequest', 'MedicationStatement'],
  allergies: ['AllergyIntolerance'],
  immunizations: ['Immunization'],
  observations: ['Observation'],
} as const;
type Section = keyof typeof SECTIONS;
/** Newest observations only: an excerpt, not the whole record. */
const MAX_SHARED_OBSERVATIONS = 200;

function ShareExcerpt(props: { session: CallSession; chart: ShareableChart }): React.JSX.Element {
  const { t } = useTranslation('consultHost');
  const user = useSession().user;
  // Only the number of connected specialists: not a re-render per call snapshot.
  const clinicians = useSyncExternalStore(
    props.session.subscribe,
    () =>
      props.session
        .getSnapshot()
        .peers.filter((p) => p.connection === 'connected' && p.participant.role === 'specialist')
        .length,
  );
  const [section, setSection] = useState<Section>('problems');
  const [result, setResult] = useState<string | undefined>(undefined);

  function share(): void {
    const resources = SECTIONS[section].flatMap((type) => [
      ...(props.chart.byType.get(type) ?? []),
    ]);
    const chosen =
      section === 'observations'
        ? resources
            .slice()
            .sort((a, b) => (clinicalDate(b) ?? '').localeCompare(clinicalDate(a) ?? ''))
            .slice(0, MAX_SHARED_OBSERVATIONS)
        : resources;
    try {
      const sent = props.session.shareExcerpt({
        title: t(`share.section.${section}`),
        sharedBy: user.display,
        sharedAt: new Date().toISOString(),
        bundle: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: excerptEntries([props.chart.patient, ...chosen]),
        },
      });
      setResult(t('share.sent', { count: sent }));
    } catch (e) {
      setResult(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Group align="flex-end" gap="xs" data-testid="share-excerpt">
      <Select
        label={t('share.label')}
        data={(Object.keys(SECTIONS) as Section[]).map((s) => ({
          value: s,
          label: t(`share.section.${s}`),
        }))}
        value={section}
        onChange={(v) => {
          if (v && v in SECTIONS) setSection(v);
        }}
        allowDeselect={false}
        data-testid="share-section"
      />
      <Button
        variant="default"
        onClick={share}
        disabled={clinicians === 0}
        data-testid="share-send"
      >
        {t('share.send')}
      </Button>
      <Text size="sm" role="status" data-testid="share-result">
        {clinicians === 0 ? t('share.noClinician') : (result ?? '')}
      </Text>
    </Group>
  );
}

function status(t: (k: string) => string, value: string): string {
  return t(`readiness.${value}`);
}

function LobbyCard(props: { participant: Participant; session: CallSession }): React.JSX.Element {
  const { t, i18n } = useTranslation('consultHost');
  const timeFormat = chatTimeFormat(i18n.resolvedLanguage ?? i18n.language);
  const { participant: p } = props;
  const r = p.readiness;
  return (
    <Card withBorder padding="sm" data-testid="lobby-entry" data-participant-id={p.id}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text fw={600}>
            <span data-i18n-ignore>{p.name}</span> · {t(`role.${p.role}`)}
          </Text>
          <Text size="sm" data-testid="lobby-readiness">
            {r
              ? [
                  `${t('readiness.camera')}: ${status(t, r.camera)}`,
                  `${t('readiness.microphone')}: ${status(t, r.microphone)}`,
                  `${t('readiness.network')}: ${status(t, r.network)}${r.rttMs === undefined ? '' : ` (${Math.round(r.rttMs)} ms)`}`,
                  r.consent ? t('readiness.consentGiven') : t('readiness.consentMissing'),
                ].join(' · ')
              : t('readiness.checking')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('waitingSince', { time: timeFormat.format(new Date(p.since)) })}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button
            onClick={() => props.session.admit(p.id)}
            data-testid="lobby-admit"
            aria-label={t('admitName', { name: p.name })}
          >
            {t('admit')}
          </Button>
          <Button
            variant="default"
            onClick={() => props.session.deny(p.id)}
            aria-label={t('denyName', { name: p.name })}
          >
            {t('deny')}
          </Button>
        </Group>
      </Group>
    </Card>
  );
}

/** Memoized: `consult` is stable for the consult's life; the call snapshot does not concern it. */
const Invites = memo(function Invites(props: { consult: ActiveConsult }): React.JSX.Element {
  const { t } = useTranslation('consultHost');
  const { consult } = props;
  const [invites, setInvites] = useState<Invite[]>([]);
  const [withdrawn, setWithdrawn] = useState<Set<string>>(new Set());
  const [role, setRole] = useState<Invite['role']>('specialist');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const created = useRef(false);

  async function invite(r: Invite['role']): Promise<void> {
    setBusy(true);
    setError(undefined);
    try {
      const next = await createInvite(consult.signalingUrl, consult.room, r);
      setInvites((list) => [...list, next]);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  // The patient's link is made once, right after the room opened.
  useEffect(() => {
    if (created.current) return;
    created.current = true;
    void invite('patient');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per consult
  }, []);

  async function withdraw(inviteId: string): Promise<void> {
    try {
      await withdrawInvite(consult.signalingUrl, consult.room, inviteId);
      setWithdrawn((s) => new Set([...s, inviteId]));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Stack gap="xs">
      {invites.map((inv) => (
        <InviteLink
          key={inv.inviteId}
          invite={inv}
          withdrawn={withdrawn.has(inv.inviteId)}
          onWithdraw={() => void withdraw(inv.inviteId)}
        />
      ))}
      <Group align="flex-end" gap="xs">
        <Select
          label={t('inviteRole')}
          data={(['specialist', 'interpreter', 'family'] as const).map((r) => ({
            value: r,
            label: t(`role.${r}`),
          }))}
          value={role}
          onChange={(v) => {
            if (v === 'specialist' || v === 'interpreter' || v === 'family') setRole(v);
          }}
          allowDeselect={false}
          data-testid="invite-role"
        />
        <Button
          variant="default"
          loading={busy}
          onClick={() => void invite(role)}
          data-testid="invite-create"
        >
          {t('invite')}
        </Button>
      </Group>
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
});

function InviteLink(props: {
  invite: Invite;
  withdrawn: boolean;
  onWithdraw: () => void;
}): React.JSX.Element {
  const { t, i18n } = useTranslation('consultHost');
  const timeFormat = chatTimeFormat(i18n.resolvedLanguage ?? i18n.language);
  const { invite } = props;
  const [qr, setQr] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(invite.url, { margin: 1, width: 160 }).then(
      (url) => {
        if (live) setQr(url);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [invite.url]);
  return (
    <Card withBorder padding="sm" data-testid="invite" data-role={invite.role}>
      <Group align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={600}>{t('linkFor', { role: t(`role.${invite.role}`) })}</Text>
            {props.withdrawn ? <Badge color="gray">{t('withdrawn')}</Badge> : null}
          </Group>
          <TextInput
            readOnly
            value={invite.url}
            label={t('link')}
            data-testid="invite-link"
            onFocus={(e) => e.currentTarget.select()}
          />
          <Text size="xs" c="dimmed">
            {t('linkExpires', { time: timeFormat.format(new Date(invite.expiresAt)) })}
          </Text>
          <Group gap="xs">
            <CopyButton value={invite.url}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy} disabled={props.withdrawn}>
                  {copied ? t('copied') : t('copy')}
                </Button>
              )}
            </CopyButton>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={props.onWithdraw}
              disabled={props.withdrawn}
            >
              {t('withdraw')}
            </Button>
          </Group>
        </Stack>
        {qr && !props.withdrawn ? (
          <Image src={qr} w={120} h={120} alt={t('qrAlt', { role: t(`role.${invite.role}`) })} />
        ) : null}
      </Group>
    </Card>
  );
}

function EndedPanel(props: {
  patientId: string;
  encounterId: string;
  endedAt: Date;
  onNew: () => void;
}): React.JSX.Element {
  const { t, i18n } = useTranslation('consultHost');
  const timeFormat = chatTimeFormat(i18n.resolvedLanguage ?? i18n.language);
  const offline = useOptionalOffline();
  const user = useSession().user;
  const [text, setText] = useState('');
  const [saved, setSaved] = useState(false);

  async function save(): Promise<void> {
    if (!offline || !text.trim()) return;
    const note = buildClinicalNote({
      patientId: props.patientId,
      text,
      encounterId: props.encounterId,
      ...(user.fhirUser ? { author: user.fhirUser } : {}),
    });
    await offline.scope.outbox.enqueue({
      patientId: props.patientId,
      resource: note,
      label: noteTitle(text),
    });
    void offline.flushOutbox();
    setSaved(true);
  }

  return (
    <Stack mt="sm" gap="xs" data-testid="consult-ended">
      <Text role="status">{t('ended', { time: timeFormat.format(props.endedAt) })}</Text>
      {saved ? (
        <Text data-testid="consult-note-saved">{t('noteSaved')}</Text>
      ) : (
        <>
          <Textarea
            label={t('noteLabel')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={3}
          />
          <Group gap="xs">
            <Button onClick={() => void save()} disabled={!text.trim()}>
              {t('saveNote')}
            </Button>
            <Button variant="subtle" onClick={props.onNew}>
              {t('done')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
