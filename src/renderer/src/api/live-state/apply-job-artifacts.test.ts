import { describe, expect, it } from 'vitest';
import type { Artifact, JobArtifacts } from '../../../../shared/contract';
import { applyJobArtifact, applyJobsArtifact } from './apply-job-artifacts';

const artifact = (
  kind: Artifact['kind'],
  path: string,
  step: number,
  more: Partial<Artifact> = {},
): Artifact => ({
  kind,
  path,
  step,
  epoch: null,
  promptIndex: kind === 'sample' ? 0 : null,
  savedAt: step * 1000,
  checkpoint: null,
  bytes: 10,
  ...more,
});
const held = (jobId: string, items: Artifact[]): JobArtifacts => ({ jobId, items });

describe('applyJobArtifact', () => {
  it('adds a new save after the held ones, and changes nothing for one already held or another job', () => {
    const start = held('j', [artifact('checkpoint', '/o/c5', 5)]);
    const sample = artifact('sample', '/o/s10', 10);
    const next = applyJobArtifact(start, { jobId: 'j', artifact: sample });
    expect(next).toEqual(held('j', [artifact('checkpoint', '/o/c5', 5), sample]));
    expect(applyJobArtifact(next, { jobId: 'j', artifact: sample })).toBe(next);
    expect(applyJobArtifact(next, { jobId: 'other', artifact: artifact('sample', '/o/x', 20) })).toBe(next);
  });

  it('links a sample and the checkpoint of its step in whichever order they come', () => {
    const sampleFirst = applyJobArtifact(held('j', [artifact('sample', '/o/s5', 5)]), {
      jobId: 'j',
      artifact: artifact('checkpoint', '/o/c5', 5),
    });
    expect(sampleFirst.items[0]?.checkpoint).toBe('/o/c5');
    const checkpointFirst = applyJobArtifact(held('j', [artifact('checkpoint', '/o/c5', 5)]), {
      jobId: 'j',
      artifact: artifact('sample', '/o/s5', 5),
    });
    expect(checkpointFirst.items[1]?.checkpoint).toBe('/o/c5');
    const otherStep = applyJobArtifact(held('j', [artifact('sample', '/o/s5', 5)]), {
      jobId: 'j',
      artifact: artifact('checkpoint', '/o/c6', 6),
    });
    expect(otherStep.items[0]?.checkpoint).toBeNull();
  });
});

describe('applyJobsArtifact', () => {
  it("adds a save to its own job's list only", () => {
    const lists = [held('a', []), held('b', [])];
    const next = applyJobsArtifact(lists, { jobId: 'b', artifact: artifact('sample', '/o/s', 1) });
    expect(next.map((list) => list.items.length)).toEqual([0, 1]);
    expect(applyJobsArtifact(lists, { jobId: 'c', artifact: artifact('sample', '/o/s', 1) })).toBe(lists);
  });
});
