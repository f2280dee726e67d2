// An artifact's size through HTTP and the event socket: a checkpoint file's bytes, a state folder's
// (the sum of its files) and null once the file is gone; job.artifact reaches a subscriber of that job
// and not one of another job. A real `dpgui serve` with the fake sd-scripts interpreter.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Artifact, JobArtifacts, Settings } from '../../src/shared/contract';
import {
  enqueue,
  fakePython,
  finished,
  makeWorld,
  ok,
  sdJob,
  startHost,
  until,
  untilStatus,
  useSupervisorHosts,
} from '../support/supervisor-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
useSupervisorHosts();

describe('artifact sizes', () => {
  it('lists a checkpoint file and a state folder with their sizes, pushed and read, and null once gone', async () => {
    const root = tempDir();
    const world = makeWorld(root);
    const host = await startHost(join(root, 'data'));
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const pushed: { subscription: number; artifact: Artifact }[] = [];
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        subscription: number;
        payload: { artifact: Artifact };
      };
      if (message.type === 'event')
        pushed.push({ subscription: message.subscription, artifact: message.payload.artifact });
    });
    socket.send(JSON.stringify({ type: 'subscribe', subscription: 1, event: 'job.artifact' }));
    try {
      await ok<Settings>(host, 'settings.set', {
        trainers: {
          sdScripts: { python: fakePython, folder: world.sdScripts, env: {} },
          diffusionPipe: { python: '', folder: '', env: {} },
          generic: { python: '', folder: '' },
        },
        stopGraceSeconds: 2,
      });
      const out = join(root, 'out', 'sized');
      const checkpoint = join(out, 'my_lora-step00000005.safetensors');
      const state = join(out, 'my_lora-step00000005-state');
      const release = join(root, 'release');
      const id = await enqueue(
        host,
        sdJob(root, world, 'sized', [
          '--write',
          checkpoint,
          '--write',
          join(state, 'model.safetensors'),
          '--write',
          join(state, 'nested', 'optimizer.bin'),
          '--wait-for',
          release,
          '--seconds',
          '0',
        ]),
      );
      // Another job's subscriber gets none of these.
      socket.send(
        JSON.stringify({
          type: 'subscribe',
          subscription: 2,
          event: 'job.artifact',
          params: { jobId: 'other' },
        }),
      );
      // The fake trainer writes "fake <file name>" in each.
      const fileBytes = `fake my_lora-step00000005.safetensors`.length;
      const stateBytes = 'fake model.safetensors'.length + 'fake optimizer.bin'.length;
      const expected = [
        ['checkpoint', checkpoint, fileBytes],
        ['state', state, stateBytes],
      ];

      await until('both saves pushed', () => Promise.resolve(pushed.length >= 2), 30_000);
      const seen = pushed.map(({ artifact }) => [artifact.kind, artifact.path, artifact.bytes]);
      expect(seen.sort()).toEqual(expected);
      expect(pushed.every(({ subscription }) => subscription === 1)).toBe(true);

      const listed = await ok<JobArtifacts>(host, 'jobs.artifacts', { id });
      expect(listed.items.map((item) => [item.kind, item.path, item.bytes]).sort()).toEqual(expected);

      writeFileSync(release, '');
      await untilStatus(host, id, finished);
      rmSync(checkpoint);
      const after = await ok<JobArtifacts>(host, 'jobs.artifacts', { id });
      expect(after.items.find((item) => item.path === checkpoint)?.bytes).toBeNull();
      expect(after.items.find((item) => item.path === state)?.bytes).toBe(stateBytes);
    } finally {
      socket.close();
      const exited = new Promise<void>((resolve) => host.child.once('exit', () => resolve()));
      host.child.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});
