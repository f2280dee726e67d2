/** sd-scripts (kohya-ss) LoRA training: SD 1.x/2.x, SDXL, SD3, FLUX.1 / Chroma. */
import type { TrainerDefinition } from '../common/types';
import { checkSdScriptsWorld } from './check-world';
import { clearedFieldIssues } from './cleared-fields';
import { sdScriptsConflicts } from './conflicts';
import { sdScriptsDefaults } from './defaults';
import { sdFamilies } from './families';
import { importSdScriptsFiles } from './import-files';
import { sdScriptsSchema, sdSections } from './schema';
import { writeSdScriptsFiles } from './write-files';

export const sdScriptsTrainer: TrainerDefinition = {
  kind: 'sd-scripts',
  label: 'kohya sd-scripts',
  families: sdFamilies,
  sections: sdSections,
  schema: sdScriptsSchema,
  conflicts: sdScriptsConflicts,
  defaults: sdScriptsDefaults,
  writeFiles: writeSdScriptsFiles,
  importFiles: importSdScriptsFiles,
  // A cleared field sd-scripts would fill with its own value is refused with the world checks.
  checkWorld: (config, probe) => [...clearedFieldIssues(config), ...checkSdScriptsWorld(config, probe)],
  outputsOf(config) {
    const dir = config.values.output_dir;
    const name = config.values.output_name;
    if (typeof dir !== 'string' || dir === '') return [];
    // sd-scripts saves under "last"/"epoch"/"at" without a name; any unnamed job clashes with another.
    return [{ dir, ...(typeof name === 'string' && name !== '' ? { name } : {}) }];
  },
};

export { sdScriptsBuiltInPresets } from './presets';
