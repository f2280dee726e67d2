/**
 * One image of a grid: a button that enlarges it. Its thumbnail is read through the file route while
 * the tile is rendered (the grid renders only the rows on screen) and revoked when it goes.
 */
import { Loader, Text, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Artifact } from '../../../../../shared/contract';
import classes from './samples.module.css';
import { useFileUrl } from './use-file-url';

/** Thumbnail size asked of the host: a tile at its widest, on a high-density screen. */
export const tilePixels = 384;

export interface SampleTileProps {
  sample: Artifact;
  /** Words for a screen reader and the tooltip: "Step 500, prompt 2". */
  label: string;
  /** The grid's own position key, for focus after the enlarged view closes. */
  pointKey: string;
  column: number;
  onOpen: () => void;
}

export function SampleTile({ sample, label, pointKey, column, onOpen }: SampleTileProps): ReactNode {
  const { url, error } = useFileUrl(sample.path, tilePixels);
  return (
    <UnstyledButton
      className={classes.tile}
      onClick={onOpen}
      aria-label={`${label}: enlarge`}
      title={label}
      data-testid="sample-tile"
      data-step={sample.step ?? ''}
      data-epoch={sample.epoch ?? ''}
      data-prompt={sample.promptIndex ?? 0}
      data-point={pointKey}
      data-column={column}
    >
      {url && <img src={url} alt={label} draggable={false} />}
      {!url && !error && <Loader size="xs" aria-label={`Loading ${label}`} />}
      {error && (
        <Text size="xs" c="red" p="xs" ta="center" lineClamp={4} title={error}>
          {error}
        </Text>
      )}
    </UnstyledButton>
  );
}
