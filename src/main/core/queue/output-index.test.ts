// The index of unfinished jobs' outputs against the validator's own rule, applied to every output by
// brute force: same folder and name, or one folder inside the other where either has no name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInside } from '../../../shared/trainers/common';
import { createOutputIndex, type JobOutput } from './output-index';

/** validate-config.ts's rule for two outputs. */
function clashes(a: JobOutput, b: JobOutput): boolean {
  const key = (o: JobOutput): string =>
    `${o.dir.replace(/\\/g, '/').replace(/\/+$/, '')}\u0000${o.name ?? ''}`;
  return (
    key(a) === key(b) ||
    ((a.name === undefined || b.name === undefined) && (isInside(a.dir, b.dir) || isInside(b.dir, a.dir)))
  );
}

const segment = fc.constantFrom('a', 'b', 'ab', '');
const dir = fc
  .tuple(
    fc.constantFrom('/', '', 'C:\\'),
    fc.array(segment, { minLength: 0, maxLength: 4 }),
    fc.constantFrom('', '/', '//', '\\'),
  )
  .map(([root, parts, tail]) => `${root}${parts.join(root === 'C:\\' ? '\\' : '/')}${tail}`)
  .filter((d) => d !== '');
const output: fc.Arbitrary<JobOutput> = fc
  .tuple(dir, fc.constantFrom(undefined, 'x', 'y'))
  .map(([d, name]) => (name === undefined ? { dir: d } : { dir: d, name }));

type Op =
  | { kind: 'put'; id: number; outputs: JobOutput[] }
  | { kind: 'remove'; id: number }
  | { kind: 'status'; id: number; status: string };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('put' as const),
    id: fc.nat(12),
    outputs: fc.array(output, { maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.nat(12) }),
  fc.record({
    kind: fc.constant('status' as const),
    id: fc.nat(12),
    status: fc.constantFrom('held', 'running'),
  }),
);

describe('the index of unfinished jobs’ outputs', () => {
  it('finds a clash exactly when the validator’s rule finds one, after any sequence of changes', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 30 }),
        fc.array(output, { minLength: 1, maxLength: 3 }),
        fc.nat(13),
        (ops, asked, except) => {
          const index = createOutputIndex();
          const model = new Map<string, { status: string; outputs: JobOutput[] }>();
          for (const step of ops) {
            const id = `job-${step.id}`;
            if (step.kind === 'put') {
              // A job's outputs are fixed once it is in: a second put only renames or changes state.
              if (!model.has(id)) model.set(id, { status: 'queued', outputs: step.outputs });
              index.put({ id, name: id, status: model.get(id)?.status ?? 'queued' }, () => step.outputs);
            } else if (step.kind === 'remove') {
              model.delete(id);
              index.remove(id);
            } else if (model.has(id)) {
              const entry = model.get(id);
              if (entry) entry.status = step.status;
              index.put({ id, name: id, status: step.status }, () => []);
            }
          }
          const exceptId = `job-${except}`;
          const found = index.clashes(asked, exceptId);
          for (const mine of asked) {
            const expected = [...model].some(
              ([id, job]) => id !== exceptId && job.outputs.some((other) => clashes(mine, other)),
            );
            const hit = found.find((f) => clashes(mine, f));
            expect(hit !== undefined, JSON.stringify({ mine, model: [...model] })).toBe(expected);
          }
          // Each answer is a real output of another job, with its current state.
          for (const hit of found) {
            const job = model.get(hit.jobId);
            expect(hit.jobId).not.toBe(exceptId);
            expect(job?.status).toBe(hit.status);
            expect(job?.outputs).toContainEqual(
              hit.name === undefined ? { dir: hit.dir } : { dir: hit.dir, name: hit.name },
            );
          }
          expect(index.all().length).toBe([...model.values()].reduce((n, job) => n + job.outputs.length, 0));
        },
      ),
      { numRuns: 500 },
    );
  });
});
