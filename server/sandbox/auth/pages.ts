/**
 * The sandbox's HTML pages: sign-in, patient picker, EHR launcher and errors. Plain forms,
 * no scripts, every interpolated value escaped, labels on every field.
 */
import { escapeHtml as e } from '../http/io';
import { DEMO_ACCOUNTS } from './accounts';

export interface PatientChoice {
  id: string;
  name: string;
  birthDate: string;
  gender: string;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
label{display:block;margin-top:.75rem;font-weight:600}input[type=text],input[type=password],input[type=url]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem;cursor:pointer}.error{color:#a00000;border:2px solid #a00000;padding:.5rem;border-radius:4px}
ul.patients{list-style:none;padding:0}ul.patients li{margin:.25rem 0}ul.patients button{margin:0;min-width:16rem;text-align:left}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}`;

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} · SMART sandbox</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

function accountsTable(): string {
  const rows = DEMO_ACCOUNTS.map(
    (a) =>
      `<tr><td>${e(a.displayName)}</td><td>${e(a.role)}</td><td><code>${e(a.username)}</code></td><td><code>${e(a.password)}</code></td></tr>`,
  ).join('');
  return `<section aria-labelledby="demo-accounts"><h2 id="demo-accounts">Demo accounts</h2>
<table><thead><tr><th scope="col">Clinician</th><th scope="col">Role</th><th scope="col">Username</th><th scope="col">Password</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function signInPage(options: {
  pendingId: string;
  clientId: string;
  error?: string;
  username?: string;
}): string {
  const error = options.error
    ? `<p class="error" role="alert" id="signin-error">${e(options.error)}</p>`
    : '';
  const describedBy = options.error ? ' aria-describedby="signin-error" aria-invalid="true"' : '';
  return layout(
    'Sign in',
    `<h1>Sign in to the SMART sandbox</h1>
<p>The application <strong>${e(options.clientId)}</strong> asks to access patient records on your behalf.</p>
${error}
<form method="post" action="/auth/authorize/sign-in">
<input type="hidden" name="pending" value="${e(options.pendingId)}">
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" required value="${e(options.username ?? '')}"${describedBy}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required${describedBy}>
<button type="submit">Sign in</button>
</form>
${accountsTable()}`,
  );
}

function patientList(patients: PatientChoice[], name: string): string {
  return `<ul class="patients">${patients
    .map(
      (p) =>
        `<li><button type="submit" name="${name}" value="${e(p.id)}">${e(p.name)}</button> <span>born ${e(p.birthDate)}, ${e(p.gender)}</span></li>`,
    )
    .join('')}</ul>`;
}

export function patientPickerPage(options: {
  pendingId: string;
  clinician: string;
  patients: PatientChoice[];
}): string {
  return layout(
    'Choose a patient',
    `<h1>Choose a patient</h1>
<p>Signed in as ${e(options.clinician)}. Choose the patient whose record the application may open.</p>
<form method="post" action="/auth/authorize/patient">
<input type="hidden" name="pending" value="${e(options.pendingId)}">
${patientList(options.patients, 'patient')}
</form>`,
  );
}

export function ehrPage(options: {
  appLaunchUrl: string;
  patients: PatientChoice[];
  fhirBaseUrl: string;
}): string {
  return layout(
    'EHR launch',
    `<h1>Simulated EHR: launch the app for a patient</h1>
<p>This page plays the EHR. Choosing a patient opens the app's launch URL with <code>iss</code> = <code>${e(options.fhirBaseUrl)}</code> and a fresh <code>launch</code> id.</p>
<form method="get" action="/ehr/launch">
<label for="app">App launch URL</label>
<input type="url" id="app" name="app" required value="${e(options.appLaunchUrl)}">
<h2>Patients</h2>
${patientList(options.patients, 'patient')}
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${e(title)}</h1><p class="error" role="alert">${e(message)}</p>`);
}
