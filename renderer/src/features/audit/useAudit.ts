/**
 * Recording an audit event from a feature (issue 7, "Audit log"; the contract in
 * notes/deploy-contract.md): `const audit = useAudit(); … void audit({ action, patient })`
 * after the action succeeded. The entry goes to the host's append-only local log and, as a
 * FHIR AuditEvent, through the outbox to the server.
 *
 * The returned function never rejects and never blocks the clinical action: a failed append
 * or enqueue shows a banner and is logged. Without an offline layer (the cache could not
 * open) the entry is kept locally only and the audit screen says it was not sent. Needs a
 * signed-in view (a FhirProvider above), like every view that touches patient data.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../shared/audit/audit-entry';
import { useOptionalBanners } from '../../app/banners';
import type { SessionUser } from '../../fhir/session';
import { useSession } from '../../fhir/FhirProvider';
import { useHost } from '../../host/HostProvider';
import { useOptionalOffline } from '../../offline/OfflineContext';
import { recordAudit, type AuditEventInput, type AuditProblem } from './record-audit';

export type { AuditEventInput } from './record-audit';

/** Records one event; resolves when it is appended and queued (or failed); never rejects. */
export type RecordAuditEvent = (event: AuditEventInput) => Promise<void>;

/**
 * The user an entry names: the SMART `fhirUser` reference, else the stable user key (the
 * token's `sub`) — the same key the offline cache scopes this user by. The audit screen
 * filters by the same value, so the two must come from here.
 */
export function auditUserOf(user: SessionUser): AuditEntry['user'] {
  const reference = user.fhirUser ?? user.key;
  return user.display && user.display !== reference
    ? { reference, display: user.display.slice(0, 200) }
    : { reference };
}

export function useAudit(): RecordAuditEvent {
  const host = useHost();
  const session = useSession();
  const offline = useOptionalOffline();
  const banners = useOptionalBanners();
  const { t } = useTranslation('audit');
  const { reference, display } = auditUserOf(session.user);
  const serverId = session.server.id;

  return useCallback(
    async (event: AuditEventInput) => {
      const onProblem = (problem: AuditProblem): void => {
        banners?.show({
          id: `audit-${problem.kind}`,
          color: problem.kind === 'enqueue-failed' ? 'yellow' : 'red',
          title: t(`problem.${problem.kind}.title`),
          body: t(`problem.${problem.kind}.body`),
          dismissible: true,
        });
      };
      await recordAudit(
        {
          auditLog: host.auditLog,
          user: display === undefined ? { reference } : { reference, display },
          serverId,
          outbox: offline?.scope.outbox,
          flush: offline ? () => offline.flushOutbox() : undefined,
          label: (action) => t(`actions.${action}`),
          onProblem,
        },
        event,
      );
    },
    [host, reference, display, serverId, offline, banners, t],
  );
}
