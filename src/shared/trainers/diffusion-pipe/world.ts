/**
 * diffusion-pipe's checks against the world and the traps it falls into at run time: model paths of
 * the right kind for the model type (a Hugging Face repo id where it needs a local file is an error),
 * dataset folders that hold images or videos with captions, an output folder it can write, keys it
 * would refuse ([adapter] alpha, unknown [optimizer] keys) and more than three resolutions, after
 * which it quits with exit status 0 without training.
 */
import { greyedFields, isGreyedPath, labelAt } from '../common/schema-walk';
import { checkPathField, imageExtensions, isInside, joinPath, looksLikeRepoId } from '../common/world-checks';
import type { ConfigIssue, TrainerConfig, WorldProbe } from '../common/types';
import { modelPathKeys, modelTypeLabel, type ModelPathKey } from './families';
import { builtInOptimizers, optimizerArgs, schema } from './schema';
import { asRecord, asRecords } from './write';

/** Video files diffusion-pipe reads through imageio besides images (the common ones). */
const videoExtensions = ['.mp4', '.webm', '.mov', '.mkv', '.avi', '.gif', '.m4v'];
const mediaExtensions = new Set([...imageExtensions, ...videoExtensions]);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function ref(path: string): { path: string; label: string } {
  return { path: `values.${path}`, label: labelAt(schema, path) };
}

function issue(path: string, severity: ConfigIssue['severity'], message: string): ConfigIssue {
  return { ...ref(path), severity, message };
}

function checkModelPath(spec: ModelPathKey, value: string, family: string, probe: WorldProbe): ConfigIssue[] {
  const path = `model.${spec.key}`;
  const facts = probe.stat(value);
  const label = modelTypeLabel(family);
  if (facts.kind === 'missing') {
    if (looksLikeRepoId(value)) {
      return [
        issue(
          path,
          'error',
          `"${value}" looks like a Hugging Face repo id, but diffusion-pipe loads ${label} from local ${spec.kind === 'folder' ? 'folders' : 'files'} only. Download it (e.g. \`huggingface-cli download ${value}\`) and choose the downloaded ${spec.kind === 'folder' ? 'folder' : 'file'}.`,
        ),
      ];
    }
    return [issue(path, 'error', `"${value}" does not exist.`)];
  }
  if (spec.kind === 'file' && facts.kind !== 'file') {
    return [
      issue(
        path,
        'error',
        `"${value}" is ${facts.kind === 'folder' ? 'a folder' : 'not a regular file'}; ${label} needs a file here.`,
      ),
    ];
  }
  if (spec.extensions && !spec.extensions.includes(extensionOf(value))) {
    return [
      issue(
        path,
        'error',
        `"${value}" is not a ${spec.extensions.join(' or ')} file, which ${label} needs here.`,
      ),
    ];
  }
  if (spec.kind === 'folder' && facts.kind !== 'folder') {
    return [issue(path, 'error', `"${value}" is not a folder; ${label} needs a folder here.`)];
  }
  if (spec.kind === 'file-or-folder' && facts.kind !== 'file' && facts.kind !== 'folder') {
    return [issue(path, 'error', `"${value}" is neither a file nor a folder.`)];
  }
  if (spec.mustContain) {
    // Wan 2.2 keeps config.json one level down, in low_noise_model/; diffusion-pipe looks there too.
    const holds = (folder: string): boolean => (probe.listDir(folder) ?? []).includes(spec.mustContain ?? '');
    if (!holds(value) && !holds(joinPath(value, 'low_noise_model'))) {
      return [
        issue(
          path,
          'error',
          `"${value}" holds no ${spec.mustContain}; choose the official checkpoint folder, which diffusion-pipe needs even with ComfyUI files.`,
        ),
      ];
    }
  }
  if (spec.key === 'diffusers_path' && !(probe.listDir(value) ?? []).includes('model_index.json')) {
    return [
      issue(
        path,
        'warning',
        `"${value}" holds no model_index.json; diffusion-pipe expects a complete diffusers folder here.`,
      ),
    ];
  }
  return [];
}

interface MediaCount {
  media: number;
  uncaptioned: number;
}

function countMedia(names: readonly string[]): MediaCount {
  // One pass: this runs on every validation, over every file of every dataset folder.
  const captions = new Set<string>();
  const mediaStems: string[] = [];
  let hasCaptionsJson = false;
  for (const name of names) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
    const stem = dot > 0 ? name.slice(0, dot) : name;
    if (ext === '.txt') captions.add(stem);
    else if (name === 'captions.json') hasCaptionsJson = true;
    else if (mediaExtensions.has(ext)) mediaStems.push(stem);
  }
  const uncaptioned = hasCaptionsJson ? 0 : mediaStems.filter((stem) => !captions.has(stem)).length;
  return { media: mediaStems.length, uncaptioned };
}

function checkDatasetFolder(
  path: string,
  folder: string,
  skipEmptyCaption: boolean,
  probe: WorldProbe,
): ConfigIssue[] {
  const existence = checkPathField(ref(path), folder, { kind: 'folder' }, probe);
  if (existence.length > 0) return existence;
  const names = probe.listDir(folder);
  if (names === null) return [issue(path, 'error', `DPGui cannot read the folder "${folder}".`)];
  const { media, uncaptioned } = countMedia(names);
  if (media === 0) {
    return [
      issue(
        path,
        'error',
        `"${folder}" holds no images or videos; diffusion-pipe stops with "had no images/videos".`,
      ),
    ];
  }
  if (uncaptioned === 0 || !skipEmptyCaption) return [];
  if (uncaptioned === media) {
    return [
      issue(
        path,
        'error',
        `None of the ${media} images in "${folder}" has a caption (.txt of the same name): diffusion-pipe skips uncaptioned images, so nothing would be trained. Add captions, or turn off "Skip uncaptioned images".`,
      ),
    ];
  }
  return [
    issue(
      path,
      'warning',
      `${uncaptioned} of ${media} images in "${folder}" have no caption (.txt of the same name); diffusion-pipe skips them. Add captions, or turn off "Skip uncaptioned images" to train them with an empty caption.`,
    ),
  ];
}

function resolutionTrap(path: string, value: unknown): ConfigIssue[] {
  if (!Array.isArray(value) || value.length <= 3) return [];
  return [
    issue(
      path,
      'error',
      `${value.length} resolutions: diffusion-pipe trains every image at each of them, and with more than three it prints a warning and quits (exit status 0) without training. Keep three or fewer.`,
    ),
  ];
}

function passThroughTraps(config: TrainerConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const optimizerType = text(asRecord(config.values.optimizer).type);
  const accepted = optimizerArgs[optimizerType.toLowerCase()];
  for (const key of Object.keys(config.passThrough ?? {})) {
    const passPath = { path: `passThrough.${key}`, label: key };
    if (key === 'config.adapter.alpha') {
      out.push({
        ...passPath,
        severity: 'error',
        message:
          'diffusion-pipe refuses alpha in [adapter]: it always sets alpha equal to the rank. Remove this option and set the rank.',
      });
      continue;
    }
    const optimizerKey = /^config\.optimizer\.([^.]+)$/.exec(key)?.[1];
    if (!optimizerKey || ['type', 'gradient_release', 'beta2_half_life'].includes(optimizerKey)) continue;
    if (accepted && !accepted.includes(optimizerKey)) {
      out.push({
        ...passPath,
        severity: 'error',
        message: `${optimizerType} takes no "${optimizerKey}": diffusion-pipe passes every [optimizer] key to the optimizer, which stops the run with a TypeError. Remove it.`,
      });
    } else if (!accepted && !builtInOptimizers.includes(optimizerType.toLowerCase())) {
      out.push({
        ...passPath,
        severity: 'warning',
        message: `DPGui cannot check that ${optimizerType} takes "${optimizerKey}"; diffusion-pipe passes it on, and a name the optimizer does not know stops the run.`,
      });
    }
  }
  return out;
}

export function checkDiffusionPipeWorld(config: TrainerConfig, probe: WorldProbe): ConfigIssue[] {
  const values = config.values;
  const greyed = greyedFields(schema, config, modelTypeLabel);
  const live = (path: string): boolean => !isGreyedPath(greyed, path);
  const out: ConfigIssue[] = [];

  const model = asRecord(values.model);
  for (const spec of modelPathKeys[config.family] ?? []) {
    const value = text(model[spec.key]);
    if (value && live(`model.${spec.key}`)) out.push(...checkModelPath(spec, value, config.family, probe));
  }
  const encoders = Array.isArray(model.text_encoders) ? model.text_encoders : [];
  if (live('model.text_encoders')) {
    encoders.forEach((encoder: unknown, index) => {
      const item = asRecord(encoder);
      const files = [text(item.path), ...(Array.isArray(item.paths) ? item.paths.map(text) : [])].filter(
        Boolean,
      );
      for (const file of files) {
        const path = `model.text_encoders.${index}.path`;
        out.push(
          ...checkModelPath(
            { key: 'text_encoders', kind: 'file', required: true },
            file,
            config.family,
            probe,
          ).map((i) => ({ ...i, ...ref(path) })),
        );
      }
    });
  }

  const dataset = asRecord(values.dataset);
  const skipEmptyCaption = dataset.skip_empty_caption !== false;
  const datasetFolders: string[] = [];
  const directories = asRecords(dataset.directories);
  directories.forEach((directory, index) => {
    const folder = text(directory.path);
    if (folder) {
      datasetFolders.push(folder);
      out.push(...checkDatasetFolder(`dataset.directories.${index}.path`, folder, skipEmptyCaption, probe));
    }
    for (const key of ['mask_path', 'control_path']) {
      const extra = text(directory[key]);
      if (extra)
        out.push(
          ...checkPathField(ref(`dataset.directories.${index}.${key}`), extra, { kind: 'folder' }, probe),
        );
    }
    out.push(...resolutionTrap(`dataset.directories.${index}.resolutions`, directory.resolutions));
  });
  if (live('dataset.resolutions')) out.push(...resolutionTrap('dataset.resolutions', dataset.resolutions));
  if (live('eval_datasets')) {
    asRecords(values.eval_datasets).forEach((item, index) => {
      const folder = text(item.path);
      if (folder)
        out.push(...checkDatasetFolder(`eval_datasets.${index}.path`, folder, skipEmptyCaption, probe));
    });
  }

  const outputDir = text(values.output_dir);
  if (outputDir) {
    out.push(...checkPathField(ref('output_dir'), outputDir, { kind: 'folder', output: true }, probe));
    const inside = datasetFolders.find((folder) => isInside(outputDir, folder));
    if (inside) {
      out.push(
        issue(
          'output_dir',
          'error',
          `The output folder lies inside the dataset folder "${inside}"; choose a folder outside every dataset.`,
        ),
      );
    }
  }

  const adapter = asRecord(values.adapter);
  const initFrom = text(adapter.init_from_existing);
  if (initFrom && live('adapter.init_from_existing')) {
    const found = checkPathField(ref('adapter.init_from_existing'), initFrom, { kind: 'folder' }, probe);
    const safetensors = (probe.listDir(initFrom) ?? []).filter(
      (n) => extensionOf(n) === '.safetensors',
    ).length;
    if (found.length > 0) out.push(...found);
    else if (safetensors !== 1) {
      out.push(
        issue(
          'adapter.init_from_existing',
          'error',
          `"${initFrom}" must hold exactly one .safetensors file (it holds ${safetensors}).`,
        ),
      );
    }
  }

  out.push(...passThroughTraps(config));
  return out;
}
