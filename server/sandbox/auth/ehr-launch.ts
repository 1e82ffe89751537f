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
  const appLaunchUrl = url.searchParams.get('app') ?? ctx.appLaunchUrl;
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
  let target: URL;
  try {
    target = new URL(url.searchParams.get('app') ?? ctx.appLaunchUrl);
  } catch {
    sendHtml(
      res,
      400,
      errorPage(
        'Invalid app launch URL',
        'The app launch URL must be an absolute http or https URL.',
      ),
    );
    return;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    sendHtml(
      res,
      400,
      errorPage('Invalid app launch URL', 'The app launch URL must use http or https.'),
    );
    return;
  }
  const launch = ctx.grants.addLaunch(patientId);
  target.searchParams.set('iss', ctx.fhirBaseUrl);
  target.searchParams.set('launch', launch);
  ctx.log(`ehr: launch ${launch} for Patient/${patientId} -> ${target.origin}`);
  redirect(res, target.toString());
}
