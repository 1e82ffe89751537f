/**
 * What a connection's getStats report says about the media it receives, and the quality
 * sample between two reports (shared/consult/call-quality.ts grades it). Pure: the report is
 * read as plain entries (https://www.w3.org/TR/webrtc-stats/).
 */
import type { QualitySample } from '../../../../../shared/consult/call-quality';

/** Running totals of one report; `at` is when it was taken (performance.now(), ms). */
export interface InboundTotals {
  /** Round-trip time of the selected candidate pair, ms (absent before the first check). */
  rttMs?: number;
  bytes: number;
  lost: number;
  received: number;
  framesDecoded: number;
  /** Video arrives and the other side did not drop it on purpose (the poor-link fallback). */
  receivingVideo: boolean;
  at: number;
}

type StatsEntry = { type: string; id?: unknown; [key: string]: unknown };

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/**
 * Reads a report: the RTT of the pair the transport selected (else of a nominated pair, for
 * browsers without `selectedCandidatePairId`), and the inbound RTP totals of all streams.
 */
export function readInbound(
  report: { forEach(callback: (entry: StatsEntry) => void): void },
  remoteVideoDropped: boolean,
  at: number,
): InboundTotals {
  let selectedPair: string | undefined;
  report.forEach((s) => {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
      selectedPair = s.selectedCandidatePairId;
    }
  });
  const totals: InboundTotals = {
    bytes: 0,
    lost: 0,
    received: 0,
    framesDecoded: 0,
    receivingVideo: false,
    at,
  };
  report.forEach((s) => {
    if (
      s.type === 'candidate-pair' &&
      (s.id === selectedPair || (selectedPair === undefined && s.nominated === true)) &&
      typeof s.currentRoundTripTime === 'number'
    ) {
      totals.rttMs = s.currentRoundTripTime * 1000;
    }
    if (s.type === 'inbound-rtp') {
      totals.bytes += num(s.bytesReceived);
      totals.lost += Math.max(0, num(s.packetsLost));
      totals.received += num(s.packetsReceived);
      if (s.kind === 'video') {
        totals.receivingVideo = !remoteVideoDropped;
        totals.framesDecoded += num(s.framesDecoded);
      }
    }
  });
  return totals;
}

/** The sample between two readings: loss ratio and inbound bitrate over the interval. */
export function sampleBetween(last: InboundTotals, now: InboundTotals): QualitySample {
  const dLost = now.lost - last.lost;
  const dReceived = now.received - last.received;
  const seconds = Math.max(0.001, (now.at - last.at) / 1000);
  return {
    ...(now.rttMs === undefined ? {} : { rttMs: now.rttMs }),
    loss: dLost + dReceived > 0 ? dLost / (dLost + dReceived) : 0,
    inboundKbps: ((now.bytes - last.bytes) * 8) / 1000 / seconds,
    receivingVideo: now.receivingVideo,
  };
}
