import { describe, expect, it } from 'vitest';
import { readInbound, sampleBetween } from './call-stats';

/** A report as Chromium gives it: a Map of stats entries by id. */
function report(...entries: { id: string; type: string; [key: string]: unknown }[]) {
  return new Map(entries.map((e) => [e.id, e]));
}

const transport = { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP2' };
const nominated = { id: 'CP1', type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.5 };
const pairs = [
  nominated,
  { id: 'CP2', type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.042 },
];
const audio = {
  id: 'IA',
  type: 'inbound-rtp',
  kind: 'audio',
  bytesReceived: 10_000,
  packetsReceived: 100,
  packetsLost: 2,
};
const video = {
  id: 'IV',
  type: 'inbound-rtp',
  kind: 'video',
  bytesReceived: 240_000,
  packetsReceived: 300,
  packetsLost: 8,
  framesDecoded: 60,
};

describe('readInbound', () => {
  it('takes the RTT of the selected pair and adds up the inbound streams', () => {
    expect(readInbound(report(transport, ...pairs, audio, video), false, 1000)).toEqual({
      rttMs: 42,
      bytes: 250_000,
      lost: 10,
      received: 400,
      framesDecoded: 60,
      receivingVideo: true,
      at: 1000,
    });
  });

  it('falls back to the nominated pair without a transport entry; no video, no RTT yet', () => {
    expect(readInbound(report(nominated, audio), false, 0)).toMatchObject({
      rttMs: 500,
      receivingVideo: false,
      framesDecoded: 0,
    });
    expect(readInbound(report(audio), false, 0)).not.toHaveProperty('rttMs');
  });

  it('does not count video the other side dropped on purpose as received, nor negative loss', () => {
    const duplicated = { ...audio, packetsLost: -3 }; // RTP duplicates make it negative
    const read = readInbound(report(duplicated, video), true, 0);
    expect(read.receivingVideo).toBe(false);
    expect(read.lost).toBe(8);
  });
});

describe('sampleBetween', () => {
  it('gives the loss ratio and bitrate of the interval between two readings', () => {
    const last = readInbound(report(transport, ...pairs, audio, video), false, 1000);
    const later = readInbound(
      report(
        transport,
        ...pairs,
        { ...audio, bytesReceived: 20_000, packetsReceived: 190, packetsLost: 12 },
        { ...video, bytesReceived: 480_000, packetsReceived: 600 },
      ),
      false,
      3000,
    );
    // 10 lost of 400 new packets (90 + 300 received, 10 lost); 250 kB in 2 s = 1,000 kbit/s.
    expect(sampleBetween(last, later)).toEqual({
      rttMs: 42,
      loss: 10 / 400,
      inboundKbps: 1000,
      receivingVideo: true,
    });
  });

  it('says no loss when nothing arrived, and never divides by a zero interval', () => {
    const same = readInbound(report(audio), false, 5);
    expect(sampleBetween(same, same)).toEqual({ loss: 0, inboundKbps: 0, receivingVideo: false });
  });
});
