import { describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../../shared/audit/audit-entry';
import { ElectronHost, HostCallError } from './ElectronHost';
import { fakeBridge } from './fake-bridge';

const entry: AuditEntry = {
  id: '9e8d7c6b-5a49-4382-8716-051423324150',
  recorded: '2026-11-22T08:00:00Z',
  action: 'ips-imported',
  outcome: 'success',
  user: { reference: 'Practitioner/dr-a' },
  serverId: 'sandbox',
  patient: { reference: 'Patient/visitor-de' },
  detail: 'DE',
};

describe('ElectronHost: audit trail, system lock, print, updates', () => {
  it('appends through audit:append and lists through audit:list', async () => {
    const { bridge, calls } = fakeBridge({
      'audit:append': () => ({ ok: true, value: null }),
      'audit:list': () => ({ ok: true, value: [entry] }),
    });
    const host = new ElectronHost(bridge);
    await host.auditLog.append(entry);
    expect(await host.auditLog.list({ userReference: 'Practitioner/dr-a', limit: 50 })).toEqual([
      entry,
    ]);
    await host.auditLog.list();
    expect(calls.filter((c) => c.channel.startsWith('audit:'))).toEqual([
      { channel: 'audit:append', request: entry },
      { channel: 'audit:list', request: { userReference: 'Practitioner/dr-a', limit: 50 } },
      { channel: 'audit:list', request: {} },
    ]);
  });

  it('rejects when main refuses an entry, and when the listed trail is malformed', async () => {
    const { bridge } = fakeBridge({
      'audit:append': () => ({ ok: false, error: 'Invalid audit entry at recorded: Invalid' }),
      'audit:list': () => ({ ok: true, value: [{ ...entry, id: 'not-a-uuid' }] }),
    });
    const host = new ElectronHost(bridge);
    await expect(host.auditLog.append(entry)).rejects.toBeInstanceOf(HostCallError);
    await expect(host.auditLog.list()).rejects.toThrow('Invalid audit trail');
  });

  it('passes system:lock reasons to the listener, dropping malformed events', () => {
    const { bridge, emit } = fakeBridge({});
    const listener = vi.fn();
    const off = new ElectronHost(bridge).onSystemLock(listener);
    emit('system:lock', { reason: 'lock-screen' });
    emit('system:lock', { reason: 'coffee-break' });
    emit('system:lock', { reason: 'suspend' });
    off();
    emit('system:lock', { reason: 'suspend' });
    expect(listener.mock.calls).toEqual([['lock-screen'], ['suspend']]);
  });

  it('prints through print:view: saved, cancelled, or the error', async () => {
    const answers = ['saved', 'cancelled'];
    const { bridge, calls } = fakeBridge({
      'print:view': () => ({ ok: true, value: answers.shift() }),
    });
    const host = new ElectronHost(bridge);
    await expect(host.printView({ suggestedFileName: 'IPS Maria Rossi' })).resolves.toBe('saved');
    await expect(host.printView({ suggestedFileName: 'IPS' })).resolves.toBe('cancelled');
    expect(calls[calls.length - 1]).toEqual({
      channel: 'print:view',
      request: { suggestedFileName: 'IPS' },
    });
    const failing = fakeBridge({ 'print:view': () => ({ ok: false, error: 'EACCES' }) });
    await expect(
      new ElectronHost(failing.bridge).printView({ suggestedFileName: 'x' }),
    ).rejects.toThrow('EACCES');
  });

  it('reports the call state to main and never rejects', async () => {
    const { bridge, calls } = fakeBridge({
      'updates:set-call-active': () => ({ ok: true, value: null }),
    });
    const host = new ElectronHost(bridge);
    await host.updates.setCallActive(true);
    await host.updates.setCallActive(false);
    expect(calls.filter((c) => c.channel === 'updates:set-call-active')).toEqual([
      { channel: 'updates:set-call-active', request: { active: true } },
      { channel: 'updates:set-call-active', request: { active: false } },
    ]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const refused = fakeBridge({});
    await expect(
      new ElectronHost(refused.bridge).updates.setCallActive(true),
    ).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      '[host] could not tell main about the call: HostCallError: no updates:set-call-active',
    );
    warn.mockRestore();
  });
});
