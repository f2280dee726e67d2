/**
 * The reason code of a job that ended before jobs carried one, told by its state and its sentence
 * (those of exit-reasons.ts and the launcher, as they were when codes came): one table that both
 * queue.db's migration (as SQL) and a rebuild from old job.json files (in TS) read, so they agree.
 * Frozen: the migration made from it has shipped once it has; new sentences have codes of their own.
 */
import type { JobReasonCode, JobStatus } from '../../../shared/contract';

/** SQL LIKE patterns of a failed job's sentence (% any text), first match wins. */
const failedSentences: readonly (readonly [pattern: string, code: JobReasonCode])[] = [
  ['The distributed port%', 'port-clash'],
  ['The GPU ran out of memory%', 'oom'],
  ['The disk is full%', 'no-space'],
  ['A Hugging Face repo id%', 'not-local-model'],
  ['A model file was not found%', 'missing-file'],
  ['The Python module %', 'missing-module'],
  ['It was asked to resume, but there is no saved state%', 'nothing-to-resume'],
  ['The loss became NaN%', 'nan-loss'],
  ['It was killed (SIGKILL)%', 'killed'],
  ['It crashed (%', 'crashed'],
  ['It was ended by %', 'signal'],
  ['The trainer exited without training%', 'no-training'],
  ['The trainer did not start%', 'launch-failed'],
  ['It could not be prepared%', 'launch-failed'],
  ['% install is not set up%', 'launch-failed'],
  ['Its config files could not be written%', 'launch-failed'],
];

const canceledSentences: readonly (readonly [pattern: string, code: JobReasonCode])[] = [
  ['Replaced by the edited job %', 'replaced'],
  ['Stopped and saved as asked.%', 'stopped-and-saved'],
];

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The CASE expression over the columns `status` and `error_reason`. */
export function legacyReasonCodeSql(): string {
  const when = (status: string, [pattern, code]: readonly [string, string]) =>
    `WHEN status = '${status}' AND error_reason LIKE ${sqlString(pattern)} THEN '${code}'`;
  return [
    'CASE',
    "WHEN status = 'succeeded' THEN 'completed'",
    ...canceledSentences.map((entry) => when('canceled', entry)),
    ...failedSentences.map((entry) => when('failed', entry)),
    'ELSE status END',
  ].join('\n       ');
}

/** LIKE's meaning (ASCII letters in any case) as a regular expression. */
const likeToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('%')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\S]*')}$`,
    'i',
  );

const compiled = (table: typeof failedSentences) =>
  table.map(([pattern, code]) => [likeToRegExp(pattern), code] as const);
const failedMatchers = compiled(failedSentences);
const canceledMatchers = compiled(canceledSentences);

/** The same in TS: null for a job that has not ended. */
export function legacyReasonCode(status: JobStatus, errorReason: string | null): JobReasonCode | null {
  const sentence = errorReason ?? '';
  const first = (matchers: typeof failedMatchers) =>
    matchers.find(([pattern]) => pattern.test(sentence))?.[1] ?? null;
  switch (status) {
    case 'succeeded':
      return 'completed';
    case 'failed':
      return errorReason === null ? 'failed' : (first(failedMatchers) ?? 'failed');
    case 'canceled':
      return errorReason === null ? 'canceled' : (first(canceledMatchers) ?? 'canceled');
    case 'interrupted':
      return 'interrupted';
    default:
      return null;
  }
}
