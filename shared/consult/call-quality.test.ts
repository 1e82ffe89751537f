import { describe, expect, it } from 'vitest';
import { QualityRecorder, VideoFallback, classify } from './call-quality';

describe('call quality', () => {
  it('classifies by RTT, loss and a starved video stream', () => {
    expect(classify({ rttMs: 40, loss: 0 })).toBe('good');
    expect(classify({ rttMs: 350, loss: 0 })).toBe('fair');
    expect(classify({ rttMs: 299, loss: 0.049 })).toBe('good');
    expect(classify({ rttMs: 40, loss: 0.05 })).toBe('fair');
    expect(classify({ rttMs: 600 })).toBe('poor');
    expect(classify({ rttMs: 40, loss: 0.2 })).toBe('poor');
    expect(classify({ rttMs: 40, inboundKbps: 5, receivingVideo: true })).toBe('poor');
    expect(classify({ rttMs: 40, inboundKbps: 5, receivingVideo: false })).toBe('good');
    expect(classify({})).toBe('good');
  });

  it('drops video after three poor samples in a row and restores it after three good ones', () => {
    const f = new VideoFallback();
    expect(f.next('poor')).toBe(false);
    expect(f.next('fair')).toBe(false);
    expect(f.next('poor')).toBe(false);
    expect(f.next('poor')).toBe(false);
    expect(f.next('poor')).toBe(true);
    expect(f.videoDropped).toBe(true);
    expect([
      f.next('good'),
      f.next('good'),
      f.next('fair'),
      f.next('good'),
      f.next('good'),
    ]).toEqual([false, false, false, false, false]);
    expect(f.next('good')).toBe(true);
    expect(f.videoDropped).toBe(false);
  });

  it('summarises a call for the Encounter', () => {
    const r = new QualityRecorder();
    r.add({ rttMs: 20, loss: 0 }, 2);
    r.add({ rttMs: 40, loss: 0.01 }, 2);
    r.add({ rttMs: 1000, loss: 0.3 }, 2);
    r.reconnections = 1;
    expect(r.summary()).toEqual({
      samples: 3,
      medianRttMs: 40,
      maxRttMs: 1000,
      meanLossPercent: 10.3,
      seconds: { good: 4, fair: 0, poor: 2 },
      reconnections: 1,
      videoFallbacks: 0,
    });
    expect(new QualityRecorder().summary()).toEqual({
      samples: 0,
      seconds: { good: 0, fair: 0, poor: 0 },
      reconnections: 0,
      videoFallbacks: 0,
    });
  });
});
