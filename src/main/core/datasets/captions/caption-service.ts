/**
 * Captions of a scanned dataset: read and write one (a non-UTF-8 caption only with `force`), read a
 * page of them at once, bulk
 * operations with their preview, the undo journal of the last one, the tag table. Captions are looked up
 * beside each file as the scan listed it (a linked image's caption is next to the link, where the
 * trainers look for it). Every read and write is asynchronous and the many-caption ones are bounded
 * (`mapBounded`), so the host answers other requests meanwhile; a caption that is not a regular file or
 * is too large is a 4xx for one caption and a skipped entry, with its reason, for many.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BulkRequest, Caption, CaptionChange, RequestOf, ResponseOf } from '../../../../shared/contract';
import { contractError } from '../../../../shared/contract';
import { HandlerError } from '../../contract/dispatcher';
import { describeIoError } from '../../fs/describe-io-error';
import { formatBytes, UserFileError } from '../../fs/read-user-file';
import { userPathError } from '../../fs/user-path-error';
import { writeFileAtomic } from '../../fs/write-file-atomic';
import { captionProblemOf, maxCaptionBytes } from '../scan/caption-text';
import { captionNameFor } from '../scan/media-kinds';
import type { ScannedFile, ScanRecord } from '../scan/scan-record';
import { applyBulkOperation, tagCounter } from './bulk-caption-edit';
import { readCaptionFile, writeCaptionFileAtomic, type CaptionRead } from './caption-files';
import { captionConcurrency, mapBounded } from './map-bounded';

export interface ScannedDataset {
  record: ScanRecord;
  byPath: Map<string, ScannedFile>;
}

export interface CaptionServiceOptions {
  /** The last scan of a dataset (throws a HandlerError where there is none). */
  scanned: (id: string) => ScannedDataset;
  /** Where the undo journal of a dataset's last bulk operation is kept. */
  journalFile: (id: string) => string;
  now: () => Date;
}

interface UndoJournal {
  at: string;
  datasetPath: string;
  /** `before` is the caption file's bytes in base64 (kept exact, whatever its encoding); null: none. */
  entries: { captionPath: string; before: string | null; after: string }[];
}

type Skipped = { path: string; reason: string }[];

const notInScan = (path: string): HandlerError =>
  new HandlerError(contractError('not_found', `"${path}" is not a file of this dataset's last scan.`));

/** What the user can do about a caption DPGui will not read or replace. */
function adviceFor(error: unknown): string {
  if (!(error instanceof UserFileError)) return '';
  return error.problem === 'too-large'
    ? ` Captions are read up to ${formatBytes(maxCaptionBytes)}; shorten it, or replace it (caption.set with force).`
    : ' Replace it with a plain text file, or remove it.';
}

const isTooLarge = (error: unknown): boolean =>
  error instanceof UserFileError && error.problem === 'too-large';

/** A failed read or write of one caption as the answer of caption.get / caption.set (4xx but a full disk). */
function captionError(action: string, captionRel: string, error: unknown): HandlerError {
  const answer = userPathError(action, captionRel, 'path', error);
  return new HandlerError(contractError(answer.code, `${answer.message}${adviceFor(error)}`, answer.details));
}

export function captionPathOf(record: ScanRecord, file: ScannedFile): { rel: string; absolute: string } {
  const name = captionNameFor(file.path.slice(file.path.lastIndexOf('/') + 1), record.captionExtension);
  const rel = file.subset === '' ? name : `${file.subset}/${name}`;
  return { rel, absolute: join(record.datasetPath, ...rel.split('/')) };
}

/** A caption read that never throws: the read, or why it failed. */
async function tryReadCaption(file: string): Promise<CaptionRead | { failed: string }> {
  try {
    return await readCaptionFile(file);
  } catch (error) {
    return { failed: captionProblemOf(error) };
  }
}

export function createCaptionService(options: CaptionServiceOptions) {
  const { scanned, journalFile, now } = options;

  const fileOf = (id: string, path: string): { file: ScannedFile; record: ScanRecord } => {
    const { record, byPath } = scanned(id);
    const file = byPath.get(path);
    if (!file) throw notInScan(path);
    return { file, record };
  };

  const readOne = async (captionRel: string, absolute: string): Promise<CaptionRead> => {
    try {
      return await readCaptionFile(absolute);
    } catch (error) {
      throw captionError('read the caption', captionRel, error);
    }
  };

  const planBulk = async (request: BulkRequest) => {
    const { record, byPath } = scanned(request.id);
    const files = request.paths
      ? request.paths.map((p) => {
          const file = byPath.get(p);
          if (!file) throw notInScan(p);
          return file;
        })
      : record.files;
    const reads = await mapBounded(files, captionConcurrency, (file) =>
      tryReadCaption(captionPathOf(record, file).absolute),
    );
    type Change = CaptionChange & { absolute: string; captionRel: string; beforeBytes: Buffer | null };
    const changes: Change[] = [];
    const skipped: Skipped = [];
    let unchanged = 0;
    files.forEach((file, index) => {
      const caption = captionPathOf(record, file);
      const read = reads[index];
      if (!read) return;
      if ('failed' in read) {
        skipped.push({ path: file.path, reason: `its caption cannot be read: ${read.failed}` });
        return;
      }
      if (read.exists && !read.utf8 && !request.force) {
        skipped.push({ path: file.path, reason: 'its caption is not UTF-8 (use force to rewrite it)' });
        return;
      }
      const before = read.exists ? read.text : null;
      const after = applyBulkOperation(before, request.operation, request.separator);
      if (after === null) unchanged += 1;
      else
        changes.push({
          path: file.path,
          before,
          after,
          absolute: caption.absolute,
          captionRel: caption.rel,
          // The exact bytes read, for the undo journal (not read again: it could have changed since).
          beforeBytes: read.exists ? read.bytes : null,
        });
    });
    return { record, changes, skipped, unchanged };
  };

  const writeJournal = (id: string, journal: UndoJournal): void => {
    try {
      mkdirSync(dirname(journalFile(id)), { recursive: true });
      writeFileAtomic(journalFile(id), JSON.stringify(journal));
    } catch (error) {
      throw new HandlerError(
        contractError(
          'io_error',
          `The undo record of the bulk operation cannot be kept: ${describeIoError(error)}. No caption was changed by this step.`,
        ),
      );
    }
  };

  return {
    async getCaption(id: string, path: string): Promise<Caption> {
      const { file, record } = fileOf(id, path);
      const caption = captionPathOf(record, file);
      const read = await readOne(caption.rel, caption.absolute);
      return {
        path,
        captionPath: caption.rel,
        exists: read.exists,
        text: read.exists ? read.text : '',
        encoding: !read.exists || read.utf8 ? 'utf-8' : 'not-utf-8',
      };
    },

    /** Many captions at once (a page of a grid), three reads at a time; a failure is listed, not thrown. */
    async readCaptions(id: string, paths: readonly string[]): Promise<ResponseOf<'datasets.captions.read'>> {
      const { record, byPath } = scanned(id);
      const unique = [...new Set(paths)];
      const outcomes = await mapBounded(unique, captionConcurrency, async (path) => {
        const file = byPath.get(path);
        if (!file) return { path, reason: "it is not a file of this dataset's last scan; scan it again" };
        const caption = captionPathOf(record, file);
        const read = await tryReadCaption(caption.absolute);
        if ('failed' in read) return { path, reason: `its caption cannot be read: ${read.failed}` };
        const answer: Caption = {
          path,
          captionPath: caption.rel,
          exists: read.exists,
          text: read.exists ? read.text : '',
          encoding: !read.exists || read.utf8 ? 'utf-8' : 'not-utf-8',
        };
        return answer;
      });
      const captions: Caption[] = [];
      const failed: Skipped = [];
      for (const outcome of outcomes) {
        if ('reason' in outcome) failed.push(outcome);
        else captions.push(outcome);
      }
      return { captions, failed };
    },

    async setCaption(request: RequestOf<'datasets.caption.set'>): Promise<Caption> {
      const { file, record } = fileOf(request.id, request.path);
      const caption = captionPathOf(record, file);
      // A caption too large to read is still a plain file: replaced when the user confirms.
      const read = await readCaptionFile(caption.absolute).catch((error: unknown) => {
        if (request.force && isTooLarge(error)) return { exists: false } as const;
        throw captionError('read the caption', caption.rel, error);
      });
      if (read.exists && !read.utf8 && !request.force) {
        throw new HandlerError(
          contractError(
            'conflict',
            `The caption of ${request.path} is not UTF-8; it is only replaced when you confirm (force).`,
          ),
        );
      }
      try {
        await writeCaptionFileAtomic(caption.absolute, request.text);
      } catch (error) {
        throw captionError('write the caption', caption.rel, error);
      }
      return {
        path: request.path,
        captionPath: caption.rel,
        exists: true,
        text: request.text,
        encoding: 'utf-8',
      };
    },

    async previewBulk(request: BulkRequest): Promise<ResponseOf<'datasets.bulk.preview'>> {
      const plan = await planBulk(request);
      return {
        changes: plan.changes.map(({ path, before, after }) => ({ path, before, after })),
        unchanged: plan.unchanged,
        skipped: plan.skipped,
      };
    },

    async applyBulk(request: BulkRequest): Promise<ResponseOf<'datasets.bulk.apply'>> {
      const plan = await planBulk(request);
      // The journal is written first: a crash half-way still leaves the part done undoable.
      writeJournal(request.id, {
        at: now().toISOString(),
        datasetPath: plan.record.datasetPath,
        entries: plan.changes.map((c) => ({
          captionPath: c.captionRel,
          before: c.beforeBytes === null ? null : c.beforeBytes.toString('base64'),
          after: c.after,
        })),
      });
      const outcomes = await mapBounded(plan.changes, captionConcurrency, async (change) => {
        try {
          await writeCaptionFileAtomic(change.absolute, change.after);
          return null;
        } catch (error) {
          return { path: change.path, reason: captionProblemOf(error) };
        }
      });
      const failed = outcomes.filter((o): o is { path: string; reason: string } => o !== null);
      return { changed: plan.changes.length - failed.length, skipped: plan.skipped, failed };
    },

    async undoBulk(id: string): Promise<ResponseOf<'datasets.undoBulk'>> {
      let journal: UndoJournal;
      try {
        journal = JSON.parse(readFileSync(journalFile(id), 'utf8')) as UndoJournal;
      } catch {
        throw new HandlerError(
          contractError('not_found', 'There is no bulk operation to undo for this dataset.'),
        );
      }
      const outcomes = await mapBounded(journal.entries, captionConcurrency, async (item) => {
        const absolute = join(journal.datasetPath, ...item.captionPath.split('/'));
        const current = await tryReadCaption(absolute);
        if ('failed' in current)
          return { conflict: `it cannot be read (${current.failed}); left as it is`, retry: false };
        // Only what the bulk operation wrote is restored; a caption edited since is the user's newer word.
        if (!current.exists || current.text !== item.after)
          return { conflict: 'changed since the bulk operation; left as it is', retry: false };
        try {
          if (item.before === null) await rm(absolute, { force: true });
          else await writeCaptionFileAtomic(absolute, Buffer.from(item.before, 'base64'));
          return null;
        } catch (error) {
          return { conflict: `it could not be restored: ${captionProblemOf(error)}`, retry: true };
        }
      });
      const conflicts: Skipped = [];
      const retry: UndoJournal['entries'] = [];
      journal.entries.forEach((item, index) => {
        const outcome = outcomes[index];
        if (!outcome) return;
        conflicts.push({ path: item.captionPath, reason: outcome.conflict });
        if (outcome.retry) retry.push(item);
      });
      // What could not be written (a full disk) stays undoable; the rest is done.
      if (retry.length === 0) rmSync(journalFile(id), { force: true });
      else {
        try {
          writeJournal(id, { ...journal, entries: retry });
        } catch {
          // The whole journal stays; undoing again restores what failed and lists the rest as changed.
        }
      }
      return { restored: journal.entries.length - conflicts.length, conflicts };
    },

    async tags(id: string, separator?: string): Promise<ResponseOf<'datasets.tags'>> {
      const { record } = scanned(id);
      const counter = tagCounter(separator);
      // Counted as they come and dropped: memory stays one caption per lane, whatever the dataset.
      const outcomes = await mapBounded(record.files, captionConcurrency, async (file) => {
        const read = await tryReadCaption(captionPathOf(record, file).absolute);
        if ('failed' in read)
          return { path: file.path, reason: `its caption cannot be read: ${read.failed}` };
        if (!read.exists) return 'missing';
        counter.add(read.text);
        return 'counted';
      });
      const skipped = outcomes.filter((o): o is { path: string; reason: string } => typeof o === 'object');
      const captions = outcomes.filter((o) => o === 'counted').length;
      return { captions, tags: counter.result(), skipped };
    },
  };
}
