import { describe, expect, it } from 'vitest';
import { finishConsultEncounter, readQualityExtension, startConsultEncounter } from './encounter';

describe('consult Encounter', () => {
  const started = startConsultEncounter({
    id: 'e-1',
    patientId: 'p-1',
    practitioner: 'Practitioner/d1',
    practitionerName: 'Dr Weber',
    start: new Date('2026-11-22T10:00:00Z'),
  });

  it('starts virtual and in progress for the patient, with the clinician as performer', () => {
    expect(started).toMatchObject({
      resourceType: 'Encounter',
      id: 'e-1',
      status: 'in-progress',
      class: { code: 'VR' },
      subject: { reference: 'Patient/p-1' },
      period: { start: '2026-11-22T10:00:00.000Z' },
      participant: [{ individual: { reference: 'Practitioner/d1', display: 'Dr Weber' } }],
    });
  });

  it('finishes with the period, guests with their roles and the quality summary', () => {
    const done = finishConsultEncounter(started, {
      end: new Date('2026-11-22T10:12:30Z'),
      patientJoined: true,
      guests: [{ role: 'interpreter', name: 'Ana' }],
      quality: {
        samples: 300,
        medianRttMs: 42,
        maxRttMs: 900,
        meanLossPercent: 0.4,
        seconds: { good: 580, fair: 10, poor: 10 },
        reconnections: 1,
        videoFallbacks: 0,
      },
    });
    expect(done.status).toBe('finished');
    expect(done.period).toEqual({
      start: '2026-11-22T10:00:00.000Z',
      end: '2026-11-22T10:12:30.000Z',
    });
    expect(done.participant?.map((p) => p.individual?.display)).toEqual(['Dr Weber', 'Ana']);
    expect(done.participant?.[1]?.type?.[0]?.coding?.[0]?.code).toBe('TRANS');
    expect(readQualityExtension(done)).toMatchObject({
      patientJoined: true,
      medianRtt: 42,
      maxRtt: 900,
      meanPacketLoss: 0.4,
      secondsPoor: 10,
      reconnections: 1,
    });
    // Finishing twice keeps one summary.
    const again = finishConsultEncounter(done, {
      end: new Date('2026-11-22T10:13:00Z'),
      patientJoined: true,
      guests: [],
      quality: {
        samples: 0,
        seconds: { good: 0, fair: 0, poor: 0 },
        reconnections: 0,
        videoFallbacks: 0,
      },
    });
    expect(again.extension).toHaveLength(1);
  });
});
