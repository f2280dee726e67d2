/**
 * logs.read and logs.search over the display logs in the run folders (`<dataDir>/runs/<jobId>/`):
 * they read the files, so they answer for running jobs, finished ones and jobs of an earlier host alike.
 */
import { join } from 'node:path';
import {
  contractError,
  type LogsReadRequest,
  type LogsReadResponse,
  type LogsSearchRequest,
  type LogsSearchResponse,
} from '../../../shared/contract';
import { maxLogReadLines } from '../../../shared/contract/logs';
import { HandlerError } from '../contract/dispatcher';
import { createDisplayAssembler, type OpenLine } from './display-assembler';
import {
  displayLineCount,
  hasOtherFormat,
  readDisplayLines,
  readFollowState,
  searchDisplayLog,
} from './display-log-store';
import { createLogFollower } from './log-follower';

export function createLogsHandlers(runDirOf: (jobId: string) => string) {
  return {
    // A job that has not started has no run folder yet: its log is empty (the files are missing).
    'logs.read': (request: LogsReadRequest): LogsReadResponse => {
      const range = readRange(request);
      const runDir = upgraded(runDirOf(request.jobId));
      const totalLines = displayLineCount(runDir);
      const fromLine = range.last === undefined ? range.fromLine : Math.max(0, totalLines - range.last);
      const count = range.last ?? range.count;
      return {
        jobId: request.jobId,
        fromLine,
        lines: readDisplayLines(runDir, fromLine, count),
        partial: openLinesOf(runDir),
        totalLines,
      };
    },
    'logs.search': async (request: LogsSearchRequest): Promise<LogsSearchResponse> => {
      const runDir = upgraded(runDirOf(request.jobId));
      const found = await searchDisplayLog(runDir, {
        test: matcher(request),
        fromLine: request.fromLine ?? 0,
        limit: request.limit ?? 200,
      });
      return { jobId: request.jobId, ...found };
    },
  };
}

export function runDirOfJob(dataDir: string): (jobId: string) => string {
  return (jobId) => join(dataDir, 'runs', jobId);
}

/**
 * A finished job's display log in a format this DPGui does not read (from an earlier DPGui, or a later
 * one) is rebuilt once, when first read (a running job's follower does the same when it opens it). Its
 * open lines stay open: they show as partial.
 */
function upgraded(runDir: string): string {
  if (hasOtherFormat(runDir)) {
    const follower = createLogFollower({ runDir, jobId: '' });
    while (follower.poll() > 0) {
      // Read the raw streams to their end (each pass is bounded).
    }
    follower.close();
  }
  return runDir;
}

/** A page from a line, or the last lines: one of the two, said in a sentence when the request mixes them. */
function readRange(request: LogsReadRequest): { fromLine: number; count: number; last?: number } {
  const { fromLine, count, last } = request;
  if (last !== undefined && (fromLine !== undefined || count !== undefined)) {
    throw new HandlerError(
      contractError(
        'invalid_payload',
        'Ask logs.read for either a page (fromLine, and count if you like) or the last lines (last), not both.',
        [{ path: 'last', message: 'cannot be given with fromLine or count' }],
      ),
    );
  }
  if (last === undefined && fromLine === undefined) {
    throw new HandlerError(
      contractError(
        'invalid_payload',
        'Say which lines logs.read should answer: fromLine (a page from there) or last (the last lines).',
        [{ path: 'fromLine', message: 'is required when last is not given' }],
      ),
    );
  }
  return last !== undefined
    ? { fromLine: 0, count: last, last }
    : { fromLine: fromLine ?? 0, count: count ?? maxLogReadLines };
}

function openLinesOf(runDir: string): OpenLine[] {
  const state = readFollowState(runDir);
  return state?.assembler && !state.ended ? createDisplayAssembler(state.assembler).openLines() : [];
}

function matcher(request: LogsSearchRequest): (text: string) => boolean {
  const caseSensitive = request.caseSensitive ?? false;
  if (request.regex === true) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(request.query, caseSensitive ? '' : 'i');
    } catch (error) {
      throw new HandlerError(
        contractError(
          'invalid_payload',
          `The search pattern is not a valid regular expression: ${(error as Error).message}`,
          [{ path: 'query', message: 'is not a valid regular expression' }],
        ),
      );
    }
    return (text) => pattern.test(text);
  }
  if (caseSensitive) return (text) => text.includes(request.query);
  const query = request.query.toLowerCase();
  return (text) => text.toLowerCase().includes(query);
}
