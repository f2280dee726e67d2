/**
 * sd-scripts' checks beyond the schema: paths against the world (models, dataset folders, output and
 * log folders), and the traps sd-scripts meets only with a bare assertion after loading the model
 * (bucket steps, timestep range, a dataset of regularisation images only).
 */
import { greyedFields, greyedLookup, labelAt } from '../common/schema-walk';
import { checkPathField, isInside } from '../common/world-checks';
import type { ConfigIssue, TrainerConfig, WorldProbe } from '../common/types';
import { familyLabel } from './families';
import { sdScriptsSchema } from './schema';

const subsetSchema = sdScriptsSchema.properties.subsets?.items?.properties ?? {};

export function checkSdScriptsWorld(config: TrainerConfig, probe: WorldProbe): ConfigIssue[] {
  const values = config.values;
  const isGreyed = greyedLookup(greyedFields(sdScriptsSchema, config, familyLabel));
  const issues: ConfigIssue[] = [];
  const label = (path: string): string => labelAt(sdScriptsSchema, path);
  const add = (path: string, severity: ConfigIssue['severity'], message: string): void => {
    issues.push({ path: `values.${path}`, label: label(path), severity, message });
  };

  // SD and SDXL load a repo id or diffusers folder through diffusers; the DiT families read local
  // safetensors files only (library/flux_utils.py, sd3_utils.py).
  const dit = config.family === 'sd3' || config.family === 'flux';
  for (const [key, schema] of Object.entries(sdScriptsSchema.properties)) {
    const meta = schema['x-dpgui'];
    if (!meta?.path || isGreyed(key) || values[key] === undefined) continue;
    const spec =
      dit && key === 'pretrained_model_name_or_path'
        ? { ...meta.path, repoId: 'error' as const, diffusersFolder: config.family === 'flux' }
        : meta.path;
    issues.push(...checkPathField({ path: `values.${key}`, label: label(key) }, values[key], spec, probe));
  }

  const subsets = Array.isArray(values.subsets) ? (values.subsets as unknown[]) : [];
  const datasetDirs: string[] = [];
  let trainingSubsets = 0;
  subsets.forEach((item, index) => {
    if (typeof item !== 'object' || item === null) return;
    const subset = item as Record<string, unknown>;
    if (subset.is_reg !== true) trainingSubsets += 1;
    for (const [key, schema] of Object.entries(subsetSchema)) {
      const spec = schema['x-dpgui']?.path;
      const path = `subsets.${index}.${key}`;
      if (!spec || isGreyed(path)) continue;
      if (typeof subset[key] === 'string' && subset[key] !== '') datasetDirs.push(subset[key]);
      issues.push(
        ...checkPathField({ path: `values.${path}`, label: label(path) }, subset[key], spec, probe),
      );
    }
  });
  if (subsets.length > 0 && trainingSubsets === 0) {
    add(
      'subsets',
      'error',
      'Every image folder is marked as regularisation images; at least one must hold the images to learn.',
    );
  }

  for (const key of ['output_dir', 'logging_dir']) {
    const dir = values[key];
    if (typeof dir !== 'string' || dir === '' || isGreyed(key)) continue;
    const inside = datasetDirs.find((d) => isInside(dir, d));
    if (inside) {
      add(
        key,
        'error',
        `"${dir}" lies inside the image folder "${inside}": sd-scripts would read the files it writes there as training data. Choose a folder outside the dataset.`,
      );
    }
  }

  const int = (key: string): number | undefined =>
    typeof values[key] === 'number' ? values[key] : undefined;
  const steps = int('bucket_reso_steps');
  const divisor = config.family === 'sd' ? 64 : 32;
  if (values.enable_bucket === true && steps !== undefined && steps % divisor !== 0) {
    add(
      'bucket_reso_steps',
      'error',
      `${familyLabel(config.family)} needs a bucket step divisible by ${divisor} (sd-scripts stops otherwise).`,
    );
  }
  const minBucket = int('min_bucket_reso');
  const maxBucket = int('max_bucket_reso');
  if (
    values.enable_bucket === true &&
    minBucket !== undefined &&
    maxBucket !== undefined &&
    minBucket > maxBucket
  ) {
    add('min_bucket_reso', 'error', 'The smallest bucket side is larger than the largest.');
  }
  const minT = int('min_timestep');
  const maxT = int('max_timestep');
  if (minT !== undefined && maxT !== undefined && minT >= maxT) {
    add('min_timestep', 'error', 'The minimum timestep must be below the maximum.');
  }

  const prompts = Array.isArray(values.sample_prompts_list) ? (values.sample_prompts_list as unknown[]) : [];
  const multiple = config.family === 'flux' ? 16 : 8;
  prompts.forEach((item, index) => {
    if (typeof item !== 'object' || item === null) return;
    for (const key of ['width', 'height']) {
      const size = (item as Record<string, unknown>)[key];
      if (typeof size === 'number' && size % multiple !== 0) {
        add(
          `sample_prompts_list.${index}.${key}`,
          'warning',
          `sd-scripts rounds it down to a multiple of ${multiple} (${size - (size % multiple)}).`,
        );
      }
    }
  });
  return issues;
}
