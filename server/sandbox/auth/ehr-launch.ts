/**
 * EHR launch simulation (https://hl7.org/fhir/smart-app-launch/app-launch.html#launch-app-ehr-launch):
 * `/ehr` lists patients; `/ehr/launch` creates a launch context and sends the browser to the
 * app's launch URL with `iss` and `launch`.
 */
import type { ServerResponse } from 'node:http';
import { redirect, sendHtml } from '../http/io';
import type { SandboxContext } from '../context';
import { listPatientChoices } from '../fhir/patient-choices';
import { ehrPage, errorPage } from './pages';

export function handleEhrPage(ctx: SandboxContext, res: ServerResponse, url: URL): void {
  const requested = url.searchParams.get('app');
  // Only prefill an allowed URL; the form never offers a foreign site.
  const appLaunchUrl =
    requested !== null && allowedLaunchTarget(ctx, requested) ? requested : ctx.appLaunchUrl;
  sendHtml(
    res,
    200,
    ehrPage({
      appLaunchUrl,
      patients: listPatientChoices(ctx.store),
      fhirBaseUrl: ctx.fhirBaseUrl,
    }),
  );
}

export function handleEhrLaunch(ctx: SandboxContext, res: ServerResponse, url: URL): void {
  const patientId = url.searchParams.get('patient') ?? '';
  if (!ctx.store.get('Patient', patientId)) {
    sendHtml(res, 400, errorPage('Unknown patient', `There is no patient with id "${patientId}".`));
    return;
  }
  const target = allowedLaunchTarget(ctx, url.searchParams.get('app') ?? ctx.appLaunchUrl);
  if (!target) {
    sendHtml(
      res,
      400,
      errorPage(
        'App launch URL not allowed',
        'The simulated EHR launches only the configured app launch URL or an app on this ' +
          'computer (http://127.0.0.1 or http://localhost).',
      ),
    );
    return;
  }
  const launch = ctx.grants.addLaunch(patientId);
  target.searchParams.set('iss', ctx.fhirBaseUrl);
  target.searchParams.set('launch', launch);
  ctx.log(`ehr: launch ${launch} for Patient/${patientId} -> ${target.origin}`);
  redirect(res, target.toString());
}

/**
 * Where the simulated EHR may send the browser with a live `launch` id: the configured app
 * launch URL (any scheme, e.g. the desktop app's `clinician-workstation://launch` deep link) or
 * a loopback http app. Anything else would make this page an open redirect that hands out
 * launch ids bound to real patients.
 */
export function allowedLaunchTarget(
  ctx: Pick<SandboxContext, 'appLaunchUrl'>,
  raw: string,
): URL | undefined {
  let target: URL;
  let configured: URL;
  try {
    target = new URL(raw);
    configured = new URL(ctx.appLaunchUrl);
  } catch {
    return undefined;
  }
  const withoutQuery = (u: URL): string => `${u.protocol}//${u.host}${u.pathname}`;
  if (withoutQuery(target) === withoutQuery(configured)) return target;
  const loopback = target.hostname === '127.0.0.1' || target.hostname === 'localhost';
  if (target.protocol === 'http:' && loopback && target.username === '' && target.password === '') {
    return target;
  }
  return undefined;
}
