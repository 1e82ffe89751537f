/**
 * The demo clinicians who can sign in to the sandbox. Passwords are public on purpose: this is
 * a local test server, and the sign-in page lists them.
 */
export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  /** Id of the account's Practitioner resource; the `fhirUser` claim is `Practitioner/<id>`. */
  practitionerId: string;
  role: string;
}

/** Practitioner ids of the demo clinicians, used as authors throughout the synthetic data. */
export const WEBER = 'practitioner-weber';
export const ROSSI = 'practitioner-rossi';

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'dr.weber',
    password: 'weber-demo',
    displayName: 'Dr. Lena Weber',
    practitionerId: WEBER,
    role: 'General practitioner',
  },
  {
    username: 'dr.rossi',
    password: 'rossi-demo',
    displayName: 'Dr. Marco Rossi',
    practitionerId: ROSSI,
    role: 'Cardiologist',
  },
];

/** Constant-time-ish lookup is not needed for a public demo password; keep it plain. */
export function findAccount(username: string, password: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((a) => a.username === username && a.password === password);
}
