/** The Loss tab's controls: the smoothing slider, the trainer's-average switch, the zoom reset. */
import { Button, Group, Slider, Switch, Text } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { maxSmoothing } from './loss-smoothing';

export function LossControls({
  smoothing,
  onSmoothing,
  showTrainerAverage,
  averageOnly,
  onTrainerAverage,
  zoomed,
  onReset,
}: {
  smoothing: number;
  onSmoothing: (weight: number) => void;
  showTrainerAverage: boolean;
  /** The trainer's average is the only curve: nothing to smooth or to switch. */
  averageOnly: boolean;
  onTrainerAverage: (show: boolean) => void;
  zoomed: boolean;
  onReset: () => void;
}) {
  // The slider counts in thousandths (as TensorBoard's); arrow keys move by hundredths, Shift+arrow
  // by thousandths, Page Up / Down by tenths, so the keyboard reaches any weight quickly.
  const onKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowRight: 0.01,
      ArrowUp: 0.01,
      ArrowLeft: -0.01,
      ArrowDown: -0.01,
      PageUp: 0.1,
      PageDown: -0.1,
    };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    const by = event.shiftKey && Math.abs(move) === 0.01 ? move / 10 : move;
    onSmoothing(Math.round((smoothing + by) * 1000) / 1000);
  };
  return (
    <Group gap="lg" align="center" wrap="wrap">
      {!averageOnly && (
        <>
          <Group gap="sm" align="center" style={{ flex: '1 1 18rem', maxWidth: '28rem' }}>
            <Text size="sm">Smoothing</Text>
            <div style={{ flex: 1 }} onKeyDownCapture={onKeyDownCapture}>
              <Slider
                min={0}
                max={maxSmoothing}
                step={0.001}
                value={smoothing}
                onChange={onSmoothing}
                label={null}
                thumbLabel="Smoothing of the loss curve (0 draws the raw loss)"
                data-testid="loss-smoothing"
              />
            </div>
            <Text size="sm" ff="monospace" w="3.2em" ta="right">
              {smoothing.toFixed(3)}
            </Text>
          </Group>
          <Switch
            label="Trainer's average"
            checked={showTrainerAverage}
            onChange={(event) => onTrainerAverage(event.currentTarget.checked)}
          />
        </>
      )}
      {zoomed && (
        <Button size="xs" variant="default" onClick={onReset}>
          Show the whole curve
        </Button>
      )}
    </Group>
  );
}
