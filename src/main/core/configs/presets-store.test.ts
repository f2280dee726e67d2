/**
 * The presets store on a full disk (and a folder it may not change), through the dispatcher: io_error
 * saying what failed and why ("the disk is full (ENOSPC)"), never `internal`, and nothing stored before
 * is lost. The disk is simulated by the store's file seam, as decisions.md says.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/support/temp-dir';
import { createDispatcher, type Dispatch, type Handlers } from '../contract/dispatcher';
import { createSchemaValidators } from '../contract/schema-validators';
import { writeFileAtomic } from '../fs/write-file-atomic';
import { builtInPresets } from './builtin-presets';
import { createConfigsHandlers } from './configs-handlers';
import { createNodeWorldProbe } from './node-world-probe';
import { openPresetsStore, type PresetFiles } from './presets-store';

const tempDir = useTempDirs();
const validators = createSchemaValidators();

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** A file system that works until `fail` names an errno, then fails every write and removal with it. */
function seam(): { files: PresetFiles; fail: (code: string | null) => void } {
  let failing: string | null = null;
  return {
    files: {
      writeFile(file, content) {
        if (failing) throw errnoError(failing);
        writeFileAtomic(file, content);
      },
      remove() {
        if (failing) throw errnoError(failing);
      },
    },
    fail: (code) => {
      failing = code;
    },
  };
}

function dispatcherOver(dataDir: string, files: PresetFiles): Dispatch {
  const handlers = createConfigsHandlers({
    probe: createNodeWorldProbe(),
    presets: openPresetsStore(dataDir, builtInPresets, () => new Date('2026-01-01T00:00:00Z'), files),
  });
  // Only configs.* and presets.* are dispatched here.
  return createDispatcher(handlers as unknown as Handlers, { validators, checkResponses: true });
}

const config = builtInPresets[0]?.config;

describe('presets on a full disk', () => {
  it.each(['ENOSPC', 'EDQUOT', 'EIO'])(
    'save, rename, import and delete answer io_error with the reason (%s), and nothing stored is lost',
    async (code) => {
      const dataDir = tempDir();
      const disk = seam();
      const dispatch = dispatcherOver(dataDir, disk.files);
      expect(await dispatch('presets.save', { name: 'Kept', config })).toMatchObject({
        ok: true,
        value: { id: 'kept' },
      });
      disk.fail(code);
      const preset = JSON.stringify({ format: 'dpgui-preset', version: 1, name: 'New', config });
      const attempts: [string, unknown][] = [
        ['presets.save', { name: 'New', config }],
        ['presets.save', { id: 'kept', name: 'Kept', config }],
        ['presets.rename', { id: 'kept', name: 'Renamed' }],
        ['presets.import', { content: preset }],
        ['presets.delete', { id: 'kept' }],
      ];
      for (const [channel, payload] of attempts) {
        const answer = await dispatch(channel, payload);
        expect(answer, channel).toMatchObject({ ok: false, error: { code: 'io_error' } });
        if (!answer.ok) {
          expect(answer.error.message, channel).toMatch(/^Could not (save the preset "[^"]+" to|delete) \//);
          expect(answer.error.message, channel).toContain(join(dataDir, 'presets'));
          expect(answer.error.message, channel).toContain(code);
          if (code === 'ENOSPC') expect(answer.error.message, channel).toContain('the disk is full (ENOSPC)');
          expect(answer.error.message, channel).toMatch(/The presets stored before are unchanged\.$/);
        }
      }
      disk.fail(null);
      expect(await dispatch('presets.get', { id: 'kept' })).toMatchObject({
        ok: true,
        value: { name: 'Kept' },
      });
      expect(readdirSync(join(dataDir, 'presets'))).toEqual(['kept.json']);
    },
  );
});
