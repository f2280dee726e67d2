/**
 * For the editor's dataset panel test (a happy-dom component test in src/renderer): a real host in
 * this process and folders of real images, behind plain functions. The renderer's tsconfig cannot
 * import Node code, so the test loads this module by a path it computes and types it by its own
 * copy of `DatasetPanelHost` (keep the two in step).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RequestName } from '../../src/shared/contract';
import { useInProcessHosts } from './in-process-host';
import { postChannel } from './post-channel';
import { useTempDirs } from './temp-dir';

export interface PanelImage {
  name: string;
  width: number;
  height: number;
  /** The caption file's text; none written when left out. */
  caption?: string;
  /** The caption file's extension (".txt" when left out). */
  captionExtension?: string;
}

export interface DatasetPanelHost {
  post(channel: RequestName, payload: unknown): Promise<{ status: number; body: unknown }>;
  /** A fresh folder holding these images (and their captions). */
  folder(images: readonly PanelImage[]): Promise<string>;
  /** A path that does not exist. */
  missingFolder(): string;
}

/** Call once per test file, at its top level; each call of the answer starts a host for one test. */
export function useDatasetPanelHosts(): () => Promise<DatasetPanelHost> {
  const startHost = useInProcessHosts();
  const tempDir = useTempDirs();
  return async () => {
    const host = await startHost();
    return {
      post: (channel, payload) => postChannel(host, channel, payload),
      async folder(images) {
        const dir = tempDir();
        for (const image of images) {
          await sharp({
            create: { width: image.width, height: image.height, channels: 3, background: '#468' },
          })
            .png()
            .toFile(join(dir, image.name));
          if (image.caption !== undefined)
            writeFileSync(
              join(dir, image.name.replace(/\.png$/, image.captionExtension ?? '.txt')),
              image.caption,
            );
        }
        return dir;
      },
      missingFolder: () => join(tempDir(), 'not-there'),
    };
  };
}
