import { describe, expect, it } from 'vitest';
import { CALL_PROTOCOL, initiates, type ParticipantRole } from './protocol';

/** A participant; `protocol` null: a client that does not say (protocol 1). */
const p = (id: string, role: ParticipantRole, protocol: number | null = CALL_PROTOCOL) => ({
  id,
  role,
  ...(protocol === null ? {} : { protocol }),
});

describe('initiates', () => {
  it('has every guest offer to the host (from the lobby), whatever the ids', () => {
    for (const role of ['patient', 'specialist', 'interpreter', 'family'] as const) {
      expect(initiates(p('aa-host', 'host'), p('zz-guest', role))).toBe(false);
      expect(initiates(p('zz-guest', role), p('aa-host', 'host'))).toBe(true);
    }
  });

  it('has the host offer to a guest whose page or app speaks protocol 2, and the other way', () => {
    for (const [host, guest] of [
      [p('zz-host', 'host'), p('aa-guest', 'patient', 2)],
      [p('zz-host', 'host', 2), p('aa-guest', 'patient')],
    ] as const) {
      expect(initiates(host, guest)).toBe(true);
      expect(initiates(guest, host)).toBe(false);
    }
  });

  it('has the smaller id offer between two guests or two hosts, and exactly one side offer', () => {
    expect(initiates(p('aa', 'patient'), p('bb', 'interpreter'))).toBe(true);
    expect(initiates(p('bb', 'interpreter'), p('aa', 'patient'))).toBe(false);
    expect(initiates(p('aa', 'host'), p('bb', 'host'))).toBe(true);
    expect(initiates(p('bb', 'host'), p('aa', 'host'))).toBe(false);
  });

  it('falls back to the smaller id when either side speaks protocol 1 (an older page or app)', () => {
    // An older patient page says no protocol and offers by id: the new host agrees with it.
    const oldPatient = p('aa-patient', 'patient', null);
    const host = p('h_zz-host', 'host');
    expect(initiates(oldPatient, host)).toBe(true);
    expect(initiates(host, oldPatient)).toBe(false);
    const oldHost = p('h_zz-host', 'host', null);
    const patient = p('aa-patient', 'patient');
    expect(initiates(patient, oldHost)).toBe(true);
    expect(initiates(oldHost, patient)).toBe(false);
  });
});
