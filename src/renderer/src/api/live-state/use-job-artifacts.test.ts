// @vitest-environment happy-dom
/** useJobArtifacts against a host the test plays: one job's subscription, events during the read. */
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Artifact } from '../../../../shared/contract';
import { TransportProvider } from '../client-context';
import { createFakeTransport } from './fake-transport';
import { LiveStateProvider } from './LiveStateProvider';
import { useJobArtifacts, useJobsArtifacts } from './use-job-artifacts';

afterEach(cleanup);

function renderLive<T>(hook: () => T) {
  const fake = createFakeTransport();
  const wrapper = ({ children }: { children: ReactNode }) =>
    createElement(TransportProvider, {
      transport: fake.transport,
      children: createElement(LiveStateProvider, { children }),
    });
  return { fake, ...renderHook(hook, { wrapper }) };
}

const sample = (path: string, step: number): Artifact => ({
  kind: 'sample',
  path,
  step,
  epoch: null,
  promptIndex: 0,
  savedAt: step,
  checkpoint: null,
  bytes: 3,
});

describe('useJobArtifacts', () => {
  it("subscribes to the job's artifacts before reading them, and adds one that came during the read", async () => {
    const { fake, result } = renderLive(() => useJobArtifacts('j'));
    await waitFor(() => expect(fake.pending('jobs.artifacts')).toHaveLength(1));
    expect(fake.sent).toEqual(['subscribe job.artifact', 'request jobs.artifacts']);
    expect(fake.open('job.artifact')[0]?.params).toEqual({ jobId: 'j' });

    act(() => fake.emit('job.artifact', { jobId: 'j', artifact: sample('/o/s10', 10) }));
    await act(async () => {
      fake.answer('jobs.artifacts', { jobId: 'j', items: [sample('/o/s5', 5)] });
      await Promise.resolve();
    });
    await waitFor(() =>
      expect(result.current.data?.items.map((item) => item.path)).toEqual(['/o/s5', '/o/s10']),
    );
    act(() => fake.emit('job.artifact', { jobId: 'j', artifact: sample('/o/s15', 15) }));
    await waitFor(() => expect(result.current.data?.items).toHaveLength(3));
  });
});

describe('useJobsArtifacts', () => {
  it('reads each job and keeps each current from its own subscription', async () => {
    const { fake, result } = renderLive(() => useJobsArtifacts(['a', 'b']));
    await waitFor(() => expect(fake.pending('jobs.artifacts')).toHaveLength(2));
    expect(fake.open('job.artifact').map((sub) => sub.params)).toEqual([{ jobId: 'a' }, { jobId: 'b' }]);
    await act(async () => {
      fake.answer('jobs.artifacts', { jobId: 'a', items: [] });
      fake.answer('jobs.artifacts', { jobId: 'b', items: [] });
      await Promise.resolve();
    });
    await waitFor(() => expect(result.current.data).toHaveLength(2));
    act(() => fake.open('job.artifact')[1]?.send({ jobId: 'b', artifact: sample('/o/b1', 1) }));
    await waitFor(() => expect(result.current.data?.map((list) => list.items.length)).toEqual([0, 1]));
  });
});
