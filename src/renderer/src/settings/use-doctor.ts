/**
 * One doctor run at a time: start it (env.doctor with our runId), follow its steps (env.doctorProgress
 * through the live state), cancel it (env.cancelDoctor). The answer is kept until the next run.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { DoctorAnswer, DoctorProgress } from '../../../shared/contract';
import { useClient } from '../api/client-context';
import { on, useLive, type LiveSpec } from '../api/live-state';

export interface DoctorRun {
  running: boolean;
  progress: DoctorProgress | null;
  answer: DoctorAnswer | null;
  error: string | null;
  run: () => void;
  cancel: () => void;
}

/** No snapshot to read: the steps arrive as events only, the newest replacing the last. */
function progressSpec(runId: string | null): LiveSpec<DoctorProgress | null> {
  return {
    channel: 'env.doctor',
    payload: { followProgressOf: runId },
    load: () => Promise.resolve(null),
    events: [on('env.doctorProgress', (_held: DoctorProgress | null, next) => next, runId ? { runId } : {})],
    enabled: runId !== null,
  };
}

export function useDoctor(): DoctorRun {
  const client = useClient();
  const [runId, setRunId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [answer, setAnswer] = useState<DoctorAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef<string | null>(null);
  const inFlight = useRef(false);
  const spec = useMemo(() => progressSpec(runId), [runId]);
  const progress = useLive(spec).data ?? null;

  const run = useCallback(() => {
    const id = `doctor-${crypto.randomUUID()}`;
    // A run still under way checks what was set before: end it rather than let two run side by side.
    if (latest.current && inFlight.current)
      void client.request('env.cancelDoctor', { runId: latest.current });
    latest.current = id;
    inFlight.current = true;
    setRunId(id);
    setRunning(true);
    setError(null);
    client.request('env.doctor', { runId: id }).then(
      (result) => {
        if (latest.current !== id) return;
        inFlight.current = false;
        setAnswer(result);
        setRunning(false);
      },
      (e: unknown) => {
        if (latest.current !== id) return;
        inFlight.current = false;
        setError(`The check did not finish: ${(e as Error).message.replace(/\.$/, '')}. Run it again.`);
        setRunning(false);
      },
    );
  }, [client]);

  const cancel = useCallback(() => {
    if (runId) void client.request('env.cancelDoctor', { runId });
  }, [client, runId]);

  return { running, progress: running ? progress : null, answer, error, run, cancel };
}
