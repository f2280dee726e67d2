/**
 * Path checks every trainer shares, through an injected WorldProbe (the real file system in the main
 * process, a fake in tests): model files of the right kind, Hugging Face repo ids, dataset folders that
 * hold images, output folders that can be written and are not inside a dataset.
 */
import type { ConfigIssue, PathSpec, WorldProbe } from './types';

/** What sd-scripts and diffusion-pipe read as images (sd-scripts train_util.py IMAGE_EXTENSIONS). */
export const imageExtensions = ['.png', '.jpg', '.jpeg', '.webp', '.bmp', '.avif', '.jxl'];

/** "owner/name" with Hugging Face's characters, not an absolute or relative file path. */
export function looksLikeRepoId(value: string): boolean {
  if (value.startsWith('/') || value.startsWith('.') || value.startsWith('~') || /^[A-Za-z]:/.test(value)) {
    return false;
  }
  return (
    /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) &&
    !/\.(safetensors|ckpt|pt|sft|bin|gguf)$/i.test(value)
  );
}

function normalise(path: string): string {
  const trimmed = path.replace(/\\/g, '/').replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** Whether `inner` is `outer` or lies below it (plain path comparison, no links resolved). */
export function isInside(inner: string, outer: string): boolean {
  const a = normalise(inner);
  const b = normalise(outer);
  return a === b || a.startsWith(b === '/' ? '/' : `${b}/`);
}

function extensionOf(path: string): string {
  const base = path.replace(/\\/g, '/').split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

export function joinPath(dir: string, name: string): string {
  return `${dir.replace(/[\\/]+$/, '')}/${name}`;
}

export function parentOf(path: string): string {
  const n = normalise(path);
  const cut = n.lastIndexOf('/');
  return cut <= 0 ? '/' : n.slice(0, cut);
}

/** How many images a folder holds directly (no recursion, as sd-scripts reads it); null if unreadable. */
export function countImages(probe: WorldProbe, folder: string): number | null {
  const names = probe.listDir(folder);
  if (names === null) return null;
  return names.filter((n) => imageExtensions.includes(extensionOf(n))).length;
}

interface FieldRef {
  path: string;
  label: string;
}

const issue = (field: FieldRef, severity: ConfigIssue['severity'], message: string): ConfigIssue => ({
  path: field.path,
  label: field.label,
  severity,
  message,
});

/** One path field against the world, as its PathSpec says. Empty values are not checked here. */
export function checkPathField(
  field: FieldRef,
  value: unknown,
  spec: PathSpec,
  probe: WorldProbe,
): ConfigIssue[] {
  if (typeof value !== 'string' || value.trim() === '') return [];
  const facts = probe.stat(value);
  if (spec.output) {
    if (facts.kind === 'file' || facts.kind === 'other') {
      return [issue(field, 'error', `"${value}" is a file, not a folder; choose a folder for the outputs.`)];
    }
    if (!probe.canWriteIn(value)) {
      return [issue(field, 'error', `DPGui cannot write in "${value}"; choose a folder you can write to.`)];
    }
    return [];
  }
  if (facts.kind === 'missing') {
    if (spec.repoId && looksLikeRepoId(value)) {
      return spec.repoId === 'error'
        ? [
            issue(
              field,
              'error',
              `"${value}" looks like a Hugging Face repo id, but this trainer needs a local file. Download it (e.g. \`huggingface-cli download ${value}\`) and choose the downloaded file or folder.`,
            ),
          ]
        : [
            issue(
              field,
              'warning',
              `"${value}" looks like a Hugging Face repo id: the trainer will download it when the job starts, which fails offline. To train offline, download it first (\`huggingface-cli download ${value}\`) and choose the local copy.`,
            ),
          ];
    }
    return [issue(field, 'error', `"${value}" does not exist.`)];
  }
  if (spec.kind === 'folder') {
    if (facts.kind !== 'folder') return [issue(field, 'error', `"${value}" is not a folder.`)];
    if (spec.holdsImages) {
      const images = countImages(probe, value);
      if (images === null) return [issue(field, 'error', `DPGui cannot read the folder "${value}".`)];
      if (images === 0) {
        return [
          issue(
            field,
            'error',
            `"${value}" holds no images (${imageExtensions.join(' ')}); images must lie directly in it, not in sub-folders.`,
          ),
        ];
      }
    }
    return [];
  }
  if (facts.kind === 'folder') {
    if (spec.kind === 'model' && spec.diffusersFolder) {
      const names = probe.listDir(value) ?? [];
      if (names.includes('model_index.json')) return [];
      return [
        issue(
          field,
          'error',
          `"${value}" is a folder but not a diffusers model (no model_index.json); choose the model file (${(spec.extensions ?? []).join(', ')}) or a diffusers folder.`,
        ),
      ];
    }
    return [
      issue(
        field,
        'error',
        `"${value}" is a folder; choose a file${spec.extensions ? ` (${spec.extensions.join(', ')})` : ''}.`,
      ),
    ];
  }
  if (facts.kind !== 'file') return [issue(field, 'error', `"${value}" is not a regular file.`)];
  if (spec.extensions && spec.extensions.length > 0 && !spec.extensions.includes(extensionOf(value))) {
    return [issue(field, 'error', `"${value}" is not a ${spec.extensions.join(' / ')} file.`)];
  }
  return [];
}
