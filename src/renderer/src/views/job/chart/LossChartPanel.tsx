/**
 * The job page's Loss tab: the job's loss curve (joined to the runs it resumed), kept current as steps
 * come in, with the smoothing slider, the values under the cursor and what is stored.
 */
import { Alert, Group, Loader, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useId, useMemo, useState } from 'react';
import { finishedJobStatuses, type Job } from '../../../../../shared/contract';
import { epochBoundaries } from './epoch-boundaries';
import { LossChart, type TrainerAverage } from './LossChart';
import { LossControls } from './LossControls';
import { LossReadout } from './LossReadout';
import { lossSeries, lossSummary, readoutAt, storedText, type StepRange } from './loss-series';
import { useLossCurve } from './use-loss-curve';
import { useSmoothing } from './use-smoothing';

export function LossChartPanel({ job }: { job: Job }) {
  const [smoothing, setSmoothing] = useSmoothing();
  const [showTrainerAverage, setShowTrainerAverage] = useState(false);
  const [zoom, setZoom] = useState<StepRange | null>(null);
  // Read again once the zoom rests (a pan moves it on every mouse move).
  const [restingZoom] = useDebouncedValue(zoom, 250);
  const [hovered, setHovered] = useState<number | null>(null);
  const summaryId = useId();
  const { error, loaded, missing, joined, stored, drawnState } = useLossCurve(job, restingZoom);
  const series = useMemo(() => lossSeries(joined.points, smoothing), [joined, smoothing]);
  const epochs = useMemo(() => epochBoundaries(joined.points), [joined]);

  const drawn = series.steps.length;
  const last = readoutAt(series, drawn - 1);
  const shown = (hovered !== null ? readoutAt(series, hovered) : null) ?? last;
  const finished = (finishedJobStatuses as readonly string[]).includes(job.status);
  const noRawLoss = drawn > 0 && series.loss.every((loss) => loss === null);
  // A trainer that reports only its own average (sd-scripts read from its log alone): that is the curve.
  const averageOnly = noRawLoss && series.trainerAverage.some((loss) => loss !== null);
  const trainerAverage: TrainerAverage = averageOnly ? 'only' : showTrainerAverage ? 'shown' : 'hidden';

  return (
    <Stack
      gap="sm"
      data-testid="loss-chart"
      data-points={drawn}
      data-resumes={joined.resumes.map((r) => r.step).join(' ')}
    >
      {error !== null && (
        <Alert color="red" title="The loss curve could not be read">
          {error.replace(/[.\s]+$/, '')}. It is read again when the connection to the host comes back; reload
          the page to try at once.
        </Alert>
      )}
      {missing && (
        <Alert color="yellow" variant="light">
          {missing}
        </Alert>
      )}
      {!loaded && error === null && (
        <Group gap="xs">
          <Loader size="sm" />
          <Text c="dimmed">Reading the loss curve…</Text>
        </Group>
      )}
      {loaded && drawn === 0 && (
        <Paper withBorder p="xl" radius="md" data-testid="loss-empty">
          {finished ? (
            <Text>
              This job never logged a loss: it ended before its first training step, or its trainer reported
              no loss. Its log says how far it got.
            </Text>
          ) : (
            <Text>No loss yet: the first step&apos;s loss appears here once training starts.</Text>
          )}
        </Paper>
      )}
      {drawn > 0 && (
        <>
          <LossControls
            smoothing={smoothing}
            onSmoothing={setSmoothing}
            showTrainerAverage={showTrainerAverage}
            averageOnly={averageOnly}
            onTrainerAverage={setShowTrainerAverage}
            zoomed={zoom !== null}
            onReset={() => setZoom(null)}
          />
          <LossReadout readout={shown} trainerAverage={trainerAverage} />
          {averageOnly && (
            <Text size="sm" c="dimmed">
              Its trainer reported only its own average loss for each step, not the step&apos;s loss: that
              average is drawn, and there is nothing to smooth.
            </Text>
          )}
          {noRawLoss && !averageOnly && (
            <Text size="sm" c="dimmed">
              This job logged its steps without a loss value; only the learning rate is drawn.
            </Text>
          )}
          <LossChart
            series={series}
            epochs={epochs}
            resumes={joined.resumes}
            trainerAverage={trainerAverage}
            zoom={zoom}
            onZoom={setZoom}
            onHover={setHovered}
            label={`Loss of ${job.name} by step`}
            describedBy={summaryId}
          />
          <Group justify="space-between" gap="xs">
            <Text size="sm" c="dimmed" data-testid="loss-stored">
              {storedText(stored, drawn, drawnState)}
            </Text>
            <Text size="sm" c="dimmed">
              Drag to zoom, Shift+drag to pan, double-click for the whole curve
            </Text>
          </Group>
          <VisuallyHidden id={summaryId}>
            {lossSummary(last)} {storedText(stored, drawn, drawnState)}. Focus the chart and press plus or
            minus to zoom, the arrow keys to pan, 0 to show the whole curve.
          </VisuallyHidden>
        </>
      )}
    </Stack>
  );
}
