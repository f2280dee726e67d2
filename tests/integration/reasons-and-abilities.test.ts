// Reasons, abilities, cancels and GPU owners as a client of a real `dpgui serve` sees them (fake
// nvidia-smi, fake trainers): a job that ran out of GPU memory says `oom`; every ability a job states
// is what its channel answers (refused: 409 with the very sentence); a cancel records who and when;
// a GPU process is shown as the job whose tree it belongs to (a grandchild, not the recorded pid) or
// as a stranger with its pid and command.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProcessTags } from '../../src/main/core/platform/process-tags';
import { findTaggedProcesses } from '../../src/main/core/supervisor/executor/tagged-processes';
import type {
  GpusListResponse,
  Job,
  JobAbilityName,
  JobSummary,
  RequestName,
  Settings,
} from '../../src/shared/contract';
import { gpuH100 } from '../fixtures/fake-trainers/real-fixtures';
import {
  enqueue,
  fakePython,
  finished,
  getJob,
  type Host,
  makeWorld,
  ok,
  post,
  processes,
  sdJob,
  startHost,
  until,
  untilStatus,
  useSupervisorHosts,
} from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
useSupervisorHosts();

/** The channel (and payload) each ability stands for. */
function channelOf(job: Job, ability: JobAbilityName): [RequestName, unknown] {
  const { id } = job;
  const channels: Record<JobAbilityName, [RequestName, unknown]> = {
    saveNow: ['jobs.save', { id }],
    stopAndSave: ['jobs.stopAndSave', { id }],
    cancel: ['jobs.cancel', { id }],
    hold: ['jobs.hold', { id }],
    release: ['jobs.release', { id }],
    edit: ['jobs.replace', { id, name: `${job.name} edited`, config: job.config, gpus: job.gpus }],
    reorder: ['jobs.reorder', { id, to: 'top' }],
    retry: ['jobs.retry', { id }],
    resume: ['jobs.retry', { id, resume: true }],
    delete: ['jobs.delete', { id }],
  };
  return channels[ability];
}

/** Every ability the job says no to is answered 409 with the same sentence; the state is unchanged. */
async function refusalsAgree(host: Host, id: string): Promise<JobAbilityName[]> {
  const job = await getJob(host, id);
  const refused = (Object.keys(job.abilities) as JobAbilityName[]).filter((a) => !job.abilities[a].allowed);
  for (const ability of refused) {
    const [channel, payload] = channelOf(job, ability);
    const answer = await post(host, channel, payload);
    expect(answer.status, `${job.status}: ${ability}`).toBe(409);
    expect(answer.body, `${job.status}: ${ability}`).toMatchObject({
      code: 'conflict',
      message: job.abilities[ability].reason,
    });
  }
  expect((await getJob(host, id)).status).toBe(job.status);
  return refused;
}

const allowed = (job: JobSummary): JobAbilityName[] =>
  (Object.keys(job.abilities) as JobAbilityName[]).filter((a) => job.abilities[a].allowed).sort();

describe('reasons, abilities, cancels and GPU owners in dpgui serve', () => {
  it('says oom, answers as the abilities say, records who canceled and when, and ties GPU processes to their job', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const smi = join(root, 'nvidia-smi.json');
    writeFileSync(smi, '{}');
    const host = await startHost(join(root, 'data'), { FAKE_NVIDIA_SMI_CONFIG: smi });
    const stranger = spawn('sleep', ['300'], { env: { PATH: process.env.PATH ?? '' } });
    try {
      await ok<Settings>(host, 'settings.set', {
        trainers: {
          sdScripts: { python: fakePython, folder: world.sdScripts, env: {} },
          diffusionPipe: { python: '', folder: '', env: {} },
          generic: { python: '', folder: '' },
        },
        stopGraceSeconds: 2,
      });
      const oomId = await enqueue(host, sdJob(root, world, 'oom', ['--crash', join(gpuH100, 'oom.stderr')]));
      const longId = await enqueue(host, sdJob(root, world, 'long', ['--grandchildren', '--seconds', '120']));

      // The real H100 out-of-memory traceback: the code beside the sentence and the hint.
      const oom = await untilStatus(host, oomId, finished);
      expect(oom).toMatchObject({ status: 'failed', reasonCode: 'oom', canceledBy: null, canceledAt: null });
      expect(oom.errorReason).toMatch(/out of memory/);
      // It saved nothing: a resume is refused before it is asked, with the reason.
      expect(allowed(oom)).toEqual(['delete', 'retry']);
      expect(oom.abilities.resume.reason).toMatch(/^It cannot be resumed\. /);
      await refusalsAgree(host, oomId);

      const running = await untilStatus(host, longId, ['running']);
      expect(running.reasonCode).toBeNull();
      // sd-scripts saves nothing on request: said before asking, and asking is answered the same.
      expect(running.abilities.saveNow.reason).toMatch(/^sd-scripts cannot save on request/);
      expect(allowed(running)).toEqual(['cancel']);
      await refusalsAgree(host, longId);

      // A grandchild of the trainer (one in a session of its own) holds GPU memory; so does a stranger.
      const tags = createProcessTags();
      const grandchild = await until(
        'the trainer’s grandchildren',
        () =>
          Promise.resolve(
            findTaggedProcesses(longId, processes)
              .map((p) => p.pid)
              .find(
                (pid) => pid !== running.process?.trainerPid && /time\.sleep/.test(tags.commandOf(pid) ?? ''),
              ),
          ),
        15_000,
      );
      const uuids = (await ok<GpusListResponse>(host, 'gpus.list', {})).gpus.map((g) => g.uuid);
      const mine = running.assignedGpus?.[0] ?? '';
      const other = uuids.find((u) => u !== mine) ?? '';
      writeFileSync(
        smi,
        JSON.stringify({
          apps: [
            { gpu_uuid: mine, pid: grandchild, process_name: 'python', used_memory: 9000 },
            { gpu_uuid: other, pid: stranger.pid, process_name: '/usr/bin/sleep', used_memory: 500 },
          ],
        }),
      );
      const gpus = await ok<GpusListResponse>(host, 'gpus.list', { refresh: true });
      const processesOn = (uuid: string) => gpus.gpus.find((g) => g.uuid === uuid)?.processes;
      expect(processesOn(mine)).toEqual([
        expect.objectContaining({ pid: grandchild, jobId: longId, jobName: 'long' }),
      ]);
      expect(processesOn(mine)?.[0]?.command).toMatch(/time\.sleep/);
      expect(processesOn(other)).toEqual([
        {
          pid: stranger.pid,
          name: '/usr/bin/sleep',
          usedMemoryMiB: 500,
          jobId: null,
          jobName: null,
          command: 'sleep 300',
        },
      ]);

      // A waiting job: queued, then held, each state's refusals as its abilities say.
      await ok(host, 'queue.pause', {});
      const waitingId = await enqueue(host, sdJob(root, world, 'waiting', ['--seconds', '1']));
      const queued = await getJob(host, waitingId);
      expect(allowed(queued)).toEqual(['cancel', 'edit', 'hold', 'reorder']);
      await refusalsAgree(host, waitingId);
      const held = await ok<JobSummary>(host, 'jobs.hold', { id: waitingId });
      expect(allowed(held)).toEqual(['cancel', 'edit', 'release', 'reorder']);
      await refusalsAgree(host, waitingId);

      // Canceled by the user through jobs.cancel, at the time it was asked: a waiting job at once…
      const before = new Date().toISOString();
      const canceled = await ok<JobSummary>(host, 'jobs.cancel', { id: waitingId });
      const after = new Date().toISOString();
      expect(canceled).toMatchObject({
        status: 'canceled',
        reasonCode: 'canceled',
        canceledBy: { actor: 'user', via: 'jobs.cancel' },
      });
      expect(
        canceled.canceledAt !== null && canceled.canceledAt >= before && canceled.canceledAt <= after,
      ).toBe(true);
      expect(allowed(canceled)).toEqual(['delete', 'retry']);

      // …a running one through stopping, keeping who and when once it has stopped.
      const stopping = await ok<JobSummary>(host, 'jobs.cancel', { id: longId });
      expect(stopping).toMatchObject({
        status: 'stopping',
        canceledBy: { actor: 'user', via: 'jobs.cancel' },
      });
      expect(stopping.canceledAt).not.toBeNull();
      const stopped = await untilStatus(host, longId, finished);
      expect(stopped).toMatchObject({
        status: 'canceled',
        reasonCode: 'canceled',
        canceledBy: { actor: 'user', via: 'jobs.cancel' },
        canceledAt: stopping.canceledAt,
      });
      await refusalsAgree(host, longId);
      // What the abilities allow, the channels do.
      expect(await ok(host, 'jobs.delete', { id: oomId })).toMatchObject({ id: oomId });
      expect(JSON.parse(readFileSync(join(stopped.runDir, 'job.json'), 'utf8'))).toMatchObject({
        canceledBy: { actor: 'user', via: 'jobs.cancel' },
        reasonCode: 'canceled',
      });
    } finally {
      const gone = once(stranger, 'exit');
      stranger.kill('SIGKILL');
      await gone;
      if (host.child.exitCode === null) {
        const exited = once(host.child, 'exit');
        host.child.kill('SIGTERM');
        await exited;
      }
    }
  }, 150_000);
});
