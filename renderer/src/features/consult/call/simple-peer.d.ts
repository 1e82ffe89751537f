/**
 * The part of `@thaunknown/simple-peer` (no bundled typings) this app uses.
 * @see https://github.com/thaunknown/simple-peer#api
 */
declare module '@thaunknown/simple-peer' {
  export interface SimplePeerOptions {
    initiator?: boolean;
    stream?: MediaStream;
    config?: RTCConfiguration;
    trickle?: boolean;
    channelName?: string;
    offerOptions?: RTCOfferOptions;
    answerOptions?: RTCAnswerOptions;
  }

  export interface SimplePeerInstance {
    readonly connected: boolean;
    readonly destroyed: boolean;
    /** The underlying connection (a documented escape hatch for stats and ICE restart). */
    readonly _pc: RTCPeerConnection;
    signal(data: unknown): void;
    send(data: string | Uint8Array): void;
    negotiate(): void;
    addStream(stream: MediaStream): void;
    /** Adds a track with no sender yet; renegotiates (asks the initiator when not one). */
    addTrack(track: MediaStreamTrack, stream: MediaStream): void;
    destroy(error?: Error): void;
    on(event: 'signal', listener: (data: unknown) => void): this;
    on(event: 'stream', listener: (stream: MediaStream) => void): this;
    on(event: 'track', listener: (track: MediaStreamTrack, stream: MediaStream) => void): this;
    on(event: 'connect' | 'close', listener: () => void): this;
    on(event: 'data', listener: (data: Uint8Array | string) => void): this;
    on(event: 'error', listener: (error: Error & { code?: string }) => void): this;
    on(
      event: 'iceStateChange',
      listener: (iceConnectionState: RTCIceConnectionState, iceGatheringState: string) => void,
    ): this;
  }

  const SimplePeer: new (options?: SimplePeerOptions) => SimplePeerInstance;
  export default SimplePeer;
}
