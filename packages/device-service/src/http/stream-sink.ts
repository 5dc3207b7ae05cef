/** The sink a STREAM handler writes its multipart/x-mixed-replace body into, with backpressure. */
import type { Socket } from 'node:net';
import { DeviceServiceError } from '../errors.ts';
import { type HeaderList, handlerHeaders, serializeHead } from './response.ts';
import type { MdsStreamSink } from './types.ts';

/** Bytes a stream may leave unsent in the socket before the connection is dropped (handler ignoring write() === false). */
export const MAX_STREAM_BUFFERED_BYTES = 8 * 1024 * 1024;

export class StreamSink implements MdsStreamSink {
  private startedFlag = false;
  private endedFlag = false;

  constructor(
    private readonly socket: Socket,
    readonly signal: AbortSignal,
    private readonly cors: HeaderList,
    /** Called once the head is written (the connection stops reading requests). */
    private readonly onStart: () => void,
    /** Called by end(): the connection finishes and closes. */
    private readonly onEnd: () => void,
  ) {}

  get started(): boolean {
    return this.startedFlag;
  }

  get closed(): boolean {
    return this.endedFlag || this.socket.destroyed || !this.socket.writable;
  }

  start(headers: Record<string, string>): void {
    if (this.startedFlag) throw new DeviceServiceError('ERR_CONFIG', 'stream sink started twice');
    const own = handlerHeaders(headers);
    const list: HeaderList = [...own];
    if (!own.some(([n]) => n.toLowerCase() === 'cache-control')) list.push(['Cache-Control', 'no-store']);
    for (const h of this.cors) if (!own.some(([n]) => n.toLowerCase() === h[0].toLowerCase())) list.push(h);
    list.push(['Connection', 'close']);
    this.startedFlag = true;
    this.onStart();
    if (!this.closed) this.socket.write(serializeHead(200, list));
  }

  write(chunk: Buffer): boolean {
    if (!this.startedFlag) throw new DeviceServiceError('ERR_CONFIG', 'stream sink written before start()');
    if (this.closed) return false;
    if (this.socket.writableLength > MAX_STREAM_BUFFERED_BYTES) {
      this.socket.destroy();
      return false;
    }
    return this.socket.write(chunk);
  }

  drain(): Promise<void> {
    if (this.closed || !this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  end(): void {
    if (this.endedFlag) return;
    this.endedFlag = true;
    this.onEnd();
  }
}
