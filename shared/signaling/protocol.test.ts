import { describe, expect, it } from 'vitest';
import { initiates, type ParticipantRole } from './protocol';

const p = (id: string, role: ParticipantRole) => ({ id, role });

describe('initiates', () => {
  it('has the host offer to everyone else, whatever the ids', () => {
    for (const role of ['patient', 'specialist', 'interpreter', 'family'] as const) {
      expect(initiates(p('zz-host', 'host'), p('aa-guest', role))).toBe(true);
      expect(initiates(p('aa-guest', role), p('zz-host', 'host'))).toBe(false);
    }
  });

  it('has the smaller id offer between two guests or two hosts, and exactly one side offer', () => {
    expect(initiates(p('aa', 'patient'), p('bb', 'interpreter'))).toBe(true);
    expect(initiates(p('bb', 'interpreter'), p('aa', 'patient'))).toBe(false);
    expect(initiates(p('aa', 'host'), p('bb', 'host'))).toBe(true);
    expect(initiates(p('bb', 'host'), p('aa', 'host'))).toBe(false);
  });
});
