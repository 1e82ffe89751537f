/**
 * Call quality from WebRTC statistics (getStats): round-trip time, packet loss and bitrate
 * per sampling interval → good / fair / poor, the fallback decision (drop video, keep audio)
 * and the summary written into the Encounter when the consult ends. Pure.
 *
 * Bands used in practice (Daily, see ../shared/DOMAIN.md "Video consultations"): good = loss
 * < 5 % and RTT < 300 ms; poor = loss ≥ 10 % or RTT ≥ 600 ms; act after 3 poor samples in a
 * row. Video below ~30 kbit/s while video is expected counts as poor (a frozen picture).
 */
export type QualityLevel = 'good' | 'fair' | 'poor';

export interface QualitySample {
  /** Round-trip time of the selected candidate pair, ms. */
  rttMs?: number;
  /** Fraction (0..1) of inbound packets lost in the interval. */
  loss?: number;
  /** Inbound bitrate in the interval, kbit/s. */
  inboundKbps?: number;
  /** Whether video is being received (then a very low bitrate means trouble). */
  receivingVideo?: boolean;
}

export function classify(sample: QualitySample): QualityLevel {
  const rtt = sample.rttMs ?? 0;
  const loss = sample.loss ?? 0;
  const starved = sample.receivingVideo === true && (sample.inboundKbps ?? Infinity) < 30;
  if (rtt >= 600 || loss >= 0.1 || starved) return 'poor';
  if (rtt >= 300 || loss >= 0.05) return 'fair';
  return 'good';
}

/**
 * Video off after `dropAfter` poor samples in a row; back on after `restoreAfter` good ones
 * (hysteresis, so the picture does not flicker on a borderline link). Audio and chat stay.
 */
export class VideoFallback {
  private poorRun = 0;
  private goodRun = 0;
  videoDropped = false;

  constructor(
    private readonly dropAfter = 3,
    private readonly restoreAfter = 3,
  ) {}

  /** Feeds one sample's level; returns true when `videoDropped` changed. */
  next(level: QualityLevel): boolean {
    this.poorRun = level === 'poor' ? this.poorRun + 1 : 0;
    this.goodRun = level === 'good' ? this.goodRun + 1 : 0;
    if (!this.videoDropped && this.poorRun >= this.dropAfter) {
      this.videoDropped = true;
      return true;
    }
    if (this.videoDropped && this.goodRun >= this.restoreAfter) {
      this.videoDropped = false;
      return true;
    }
    return false;
  }
}

export interface QualitySummary {
  samples: number;
  /** Median and worst RTT, ms (undefined without RTT samples). */
  medianRttMs?: number;
  maxRttMs?: number;
  /** Mean packet loss over the call, percent with one decimal. */
  meanLossPercent?: number;
  /** Seconds spent in each level. */
  seconds: Record<QualityLevel, number>;
  /** Times the connection was lost and came back. */
  reconnections: number;
  /** Times video was dropped to keep audio. */
  videoFallbacks: number;
}

/** Collects samples over a call (one per interval) for the summary. */
export class QualityRecorder {
  private readonly rtts: number[] = [];
  private readonly losses: number[] = [];
  private readonly seconds: Record<QualityLevel, number> = { good: 0, fair: 0, poor: 0 };
  private count = 0;
  reconnections = 0;
  videoFallbacks = 0;

  add(sample: QualitySample, intervalSeconds: number): QualityLevel {
    const level = classify(sample);
    this.count++;
    if (sample.rttMs !== undefined) this.rtts.push(sample.rttMs);
    if (sample.loss !== undefined) this.losses.push(sample.loss);
    this.seconds[level] += intervalSeconds;
    return level;
  }

  summary(): QualitySummary {
    const sorted = [...this.rtts].sort((a, b) => a - b);
    const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : undefined;
    const max = sorted.length ? sorted[sorted.length - 1] : undefined;
    const meanLoss = this.losses.length
      ? Math.round((this.losses.reduce((a, b) => a + b, 0) / this.losses.length) * 1000) / 10
      : undefined;
    return {
      samples: this.count,
      ...(median === undefined ? {} : { medianRttMs: Math.round(median) }),
      ...(max === undefined ? {} : { maxRttMs: Math.round(max) }),
      ...(meanLoss === undefined ? {} : { meanLossPercent: meanLoss }),
      seconds: { ...this.seconds },
      reconnections: this.reconnections,
      videoFallbacks: this.videoFallbacks,
    };
  }
}
