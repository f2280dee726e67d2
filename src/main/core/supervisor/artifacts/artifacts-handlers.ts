/**
 * jobs.artifacts: read from the job's events.jsonl in its run folder, so it answers for running jobs,
 * finished ones and jobs of an earlier host alike. Only the save lines are parsed (the file is mostly
 * progress events).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobArtifacts } from '../../../../shared/contract';
import type { JobQueue } from '../../queue/job-queue';
import { indexArtifacts } from './artifact-index';

export function createArtifactsHandlers(queue: Pick<JobQueue, 'get' | 'runDir'>) {
  return {
    'jobs.artifacts': async (request: { id: string }): Promise<JobArtifacts> => {
      // An unknown job answers not_found, as every jobs.* channel does.
      queue.get(request.id);
      let text = '';
      try {
        text = await readFile(join(queue.runDir(request.id), 'events.jsonl'), 'utf8');
      } catch {
        // Not started yet, or a trainer without the wrapper's events: nothing saved that we know of.
      }
      const events: unknown[] = [];
      for (const line of text.split('\n')) {
        if (!line.includes('_saved"')) continue;
        try {
          events.push(JSON.parse(line));
        } catch {
          // A damaged line (a crash mid-write) is skipped.
        }
      }
      return { jobId: request.id, items: indexArtifacts(events) };
    },
  };
}
