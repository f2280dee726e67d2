/**
 * What jobs.artifacts answers: read from the job's events.jsonl in its run folder, so it answers for
 * running jobs, finished ones and jobs of an earlier host alike. Only the save lines are parsed (the
 * file is mostly progress events).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobArtifacts } from '../../../../shared/contract';
import type { BridgeEvent } from '../../../../shared/contract/bridge-files';
import type { JobQueue } from '../../queue/job-queue';
import { parseBridgeEvent } from '../executor/run-records';
import { indexArtifacts } from './artifact-index';
import { withBytes } from './artifact-size';

export async function readJobArtifacts(
  queue: Pick<JobQueue, 'get' | 'runDir'>,
  id: string,
): Promise<JobArtifacts> {
  // An unknown job answers not_found, as every jobs.* channel does.
  queue.get(id);
  let text = '';
  try {
    text = await readFile(join(queue.runDir(id), 'events.jsonl'), 'utf8');
  } catch {
    // Not started yet, or a trainer without the wrapper's events: nothing saved that we know of.
  }
  const events: BridgeEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('_saved"')) continue;
    // A damaged line (a crash mid-write) or one that is not a bridge event is skipped.
    const event = parseBridgeEvent(line);
    if (event) events.push(event);
  }
  return { jobId: id, items: await withBytes(indexArtifacts(events)) };
}
