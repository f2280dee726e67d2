/**
 * Both streams of one job into numbered display lines, in the order their lines became final: each
 * stream has its own assembler (a tqdm bar on stderr never glues to a stdout line), and a line takes
 * the time of the read that finished it.
 */
import type { DisplayLogLine, OpenLogLine } from '../../../shared/contract';
import {
  createStreamAssembler,
  emptyAssemblerState,
  type AssemblerState,
  type LineSink,
  type StreamAssembler,
} from './line-assembler';

// The lines as the contract declares them (job.log, logs.read): one type, derived from its schema.
export type DisplayLine = DisplayLogLine;
export type OpenLine = OpenLogLine;
export type LogStream = DisplayLogLine['stream'];

export interface DisplayAssemblerState {
  stdout: AssemblerState;
  stderr: AssemblerState;
}

export interface DisplayAssembler {
  push(stream: LogStream, bytes: Uint8Array, time: number): DisplayLine[];
  /** The same without making objects: final lines go to `sink` (plain runs as byte ranges). */
  feed(stream: LogStream, bytes: Uint8Array, sink: LineSink): void;
  /** Lines still open (a progress bar being redrawn), at most one per stream. */
  openLines(): OpenLine[];
  end(time: number): DisplayLine[];
  state(): DisplayAssemblerState;
}

export function createDisplayAssembler(
  initial: DisplayAssemblerState = { stdout: emptyAssemblerState(), stderr: emptyAssemblerState() },
): DisplayAssembler {
  const streams: Record<LogStream, StreamAssembler> = {
    stdout: createStreamAssembler(initial.stdout),
    stderr: createStreamAssembler(initial.stderr),
  };
  const lines = (stream: LogStream, texts: string[], time: number): DisplayLine[] =>
    texts.map((text) => ({ stream, time, text }));
  return {
    push: (stream, bytes, time) => lines(stream, streams[stream].push(bytes), time),
    feed: (stream, bytes, sink) => streams[stream].feed(bytes, sink),
    openLines() {
      const open: OpenLine[] = [];
      for (const stream of ['stdout', 'stderr'] as const) {
        const text = streams[stream].openLine();
        if (text !== null) open.push({ stream, text });
      }
      return open;
    },
    end: (time) => [
      ...lines('stdout', streams.stdout.end(), time),
      ...lines('stderr', streams.stderr.end(), time),
    ],
    state: () => ({ stdout: streams.stdout.state(), stderr: streams.stderr.state() }),
  };
}
