/**
 * The bucket preview of a whole config (datasets.configBuckets): a config with values of the wrong type
 * or range is refused (see preview-input-issues); the trainer's runtime names the folders its config
 * reads, each is scanned (one after the other: a scan is a worker thread, and the
 * host has few cores), and the runtime computes the buckets and steps from those scans.
 */
import type { ConfigBucketPreview, ErrorDetail, RequestOf, TrainerConfig } from '../../../../shared/contract';
import { contractError } from '../../../../shared/contract';
import { getTrainer } from '../../../../shared/trainers';
import { configDepthProblem } from '../../configs/validate-config';
import { HandlerError } from '../../contract/dispatcher';
import { trainerRuntime } from '../../trainers';
import type { ConfigFolder, ConfigFolderScan } from '../../trainers/runtime';
import { previewInputIssues } from './preview-input-issues';

/** More folders than any real config names; each is a scan. */
export const maxConfigFolders = 64;

function refused(message: string, path = 'config', details?: ErrorDetail[]): HandlerError {
  return new HandlerError(contractError('invalid_payload', message, details ?? [{ path, message }]));
}

const reasonOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');

export async function previewConfigBuckets(
  request: RequestOf<'datasets.configBuckets'>,
  scanFolder: (folder: ConfigFolder) => Promise<ConfigFolderScan>,
): Promise<ConfigBucketPreview> {
  const config: TrainerConfig = request.config;
  const tooDeep = configDepthProblem(config);
  if (tooDeep) throw refused(tooDeep, 'config.values');
  const runtime = trainerRuntime(config.trainer);
  const previewer = runtime.configBuckets;
  if (!previewer)
    throw refused(
      `DPGui cannot preview the buckets of ${runtime.install.label}: it does not know its bucketing.`,
      'config.trainer',
    );
  const definition = getTrainer(config.trainer);
  const issues = definition ? previewInputIssues(definition, config) : [];
  if (issues.length > 0) {
    const first = issues[0]?.message.replace(/\.$/, '') ?? '';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more, in the details)` : '';
    throw refused(
      `The buckets of this config cannot be previewed: ${first}${more}. Correct the field and preview again.`,
      'config',
      issues,
    );
  }
  let folders: ConfigFolder[];
  try {
    folders = previewer.folders(config);
  } catch (error) {
    throw refused(
      `The config's files cannot be written for the preview: ${reasonOf(error)}. Check the config (configs.validate).`,
    );
  }
  if (folders.length > maxConfigFolders)
    throw refused(
      `The config names ${folders.length} folders; the preview reads at most ${maxConfigFolders}. Join folders or preview part of the config.`,
    );
  const scans: ConfigFolderScan[] = [];
  const done = new Map<string, ConfigFolderScan>();
  for (const folder of folders) {
    // A folder named twice with the same caption extension is scanned once.
    const key = `${folder.captionExtension}\0${folder.path}`;
    const scan = done.get(key) ?? (await scanFolder(folder));
    done.set(key, scan);
    scans.push({ ...scan, field: folder.field });
  }
  try {
    return previewer.preview(config, scans, request.gpus ?? 1);
  } catch (error) {
    throw refused(`The buckets of this config cannot be computed: ${reasonOf(error)}.`);
  }
}
