/** The values at the cursor (or the last step): the chart's legend and hover readout in one line. */
import { Group, Text, useComputedColorScheme } from '@mantine/core';
import type { TrainerAverage } from './LossChart';
import { lossChartPalettes } from './loss-chart-palette';
import { formatEpoch, formatLoss, formatLr, formatStep, type LossReadout as Readout } from './loss-series';

function Swatch({
  colour,
  dashed = false,
  thick = false,
}: {
  colour: string;
  dashed?: boolean;
  thick?: boolean;
}) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        width: '1.2em',
        verticalAlign: 'middle',
        borderTop: `${thick ? 3 : 2}px ${dashed ? 'dashed' : 'solid'} ${colour}`,
        marginRight: '0.35em',
      }}
    />
  );
}

/** The values at the cursor, or at the last step when the cursor is elsewhere; doubles as the legend. */
export function LossReadout({
  readout,
  trainerAverage,
}: {
  readout: Readout | null;
  trainerAverage: TrainerAverage;
}) {
  const palette = lossChartPalettes[useComputedColorScheme('light')];
  if (!readout) return null;
  return (
    <Group gap="lg" data-testid="loss-readout" style={{ fontVariantNumeric: 'tabular-nums' }}>
      <Text size="sm" fw={600}>
        Step {formatStep(readout.step)}
      </Text>
      {trainerAverage !== 'only' && (
        <>
          <Text size="sm">
            <Swatch colour={palette.loss} />
            Loss {formatLoss(readout.loss)}
          </Text>
          <Text size="sm">
            <Swatch colour={palette.smoothed} thick />
            Smoothed {formatLoss(readout.smoothed)}
          </Text>
        </>
      )}
      {trainerAverage !== 'hidden' && (
        <Text size="sm">
          <Swatch
            colour={palette.trainerAverage}
            dashed={trainerAverage === 'shown'}
            thick={trainerAverage === 'only'}
          />
          Trainer&apos;s average {formatLoss(readout.trainerAverage)}
        </Text>
      )}
      <Text size="sm">
        <Swatch colour={palette.lr} />
        Learning rate {formatLr(readout.lr)}
      </Text>
      <Text size="sm">Epoch {formatEpoch(readout.epoch)}</Text>
    </Group>
  );
}
