/**
 * Captions of a scanned dataset: read and write one (a non-UTF-8 caption only with `force`), bulk
 * operations with their preview, the undo journal of the last one, the tag table. Captions are looked up
 * beside each file as the scan listed it (a linked image's caption is next to the link, where the
 * trainers look for it).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BulkRequest, Caption, CaptionChange, RequestOf, ResponseOf } from '../../../../shared/contract';
import { contractError } from '../../../../shared/contract';
import { HandlerError } from '../../contract/dispatcher';
import { writeFileAtomic } from '../../fs/write-file-atomic';
import { captionNameFor } from '../scan/media-kinds';
import type { ScannedFile, ScanRecord } from '../scan/scan-record';
import { applyBulkOperation, tagFrequency } from './bulk-caption-edit';
import { readCaptionFile, writeCaptionFileAtomic } from './caption-files';

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

export function captionPathOf(record: ScanRecord, file: ScannedFile): { rel: string; absolute: string } {
  const name = captionNameFor(file.path.slice(file.path.lastIndexOf('/') + 1), record.captionExtension);
  const rel = file.subset === '' ? name : `${file.subset}/${name}`;
  return { rel, absolute: join(record.datasetPath, ...rel.split('/')) };
}

export function createCaptionService(options: CaptionServiceOptions) {
  const { scanned, journalFile, now } = options;

  const fileOf = (id: string, path: string): { file: ScannedFile; record: ScanRecord } => {
    const { record, byPath } = scanned(id);
    const file = byPath.get(path);
    if (!file) throw notInScan(path);
    return { file, record };
  };

  const planBulk = (request: BulkRequest) => {
    const { record, byPath } = scanned(request.id);
    const files = request.paths
      ? request.paths.map((p) => {
          const file = byPath.get(p);
          if (!file) throw notInScan(p);
          return file;
        })
      : record.files;
    const changes: (CaptionChange & { absolute: string; captionRel: string })[] = [];
    const skipped: Skipped = [];
    let unchanged = 0;
    for (const file of files) {
      const caption = captionPathOf(record, file);
      let read;
      try {
        read = readCaptionFile(caption.absolute);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        skipped.push({ path: file.path, reason: `its caption cannot be read (${code})` });
        continue;
      }
      if (read.exists && !read.utf8 && !request.force) {
        skipped.push({ path: file.path, reason: 'its caption is not UTF-8 (use force to rewrite it)' });
        continue;
      }
      const before = read.exists ? read.text : null;
      const after = applyBulkOperation(before, request.operation, request.separator);
      if (after === null) unchanged += 1;
      else
        changes.push({ path: file.path, before, after, absolute: caption.absolute, captionRel: caption.rel });
    }
    return { record, changes, skipped, unchanged };
  };

  return {
    getCaption(id: string, path: string): Caption {
      const { file, record } = fileOf(id, path);
      const caption = captionPathOf(record, file);
      const read = readCaptionFile(caption.absolute);
      return {
        path,
        captionPath: caption.rel,
        exists: read.exists,
        text: read.exists ? read.text : '',
        encoding: !read.exists || read.utf8 ? 'utf-8' : 'not-utf-8',
      };
    },

    setCaption(request: RequestOf<'datasets.caption.set'>): Caption {
      const { file, record } = fileOf(request.id, request.path);
      const caption = captionPathOf(record, file);
      const read = readCaptionFile(caption.absolute);
      if (read.exists && !read.utf8 && !request.force) {
        throw new HandlerError(
          contractError(
            'conflict',
            `The caption of ${request.path} is not UTF-8; it is only replaced when you confirm (force).`,
          ),
        );
      }
      writeCaptionFileAtomic(caption.absolute, request.text);
      return {
        path: request.path,
        captionPath: caption.rel,
        exists: true,
        text: request.text,
        encoding: 'utf-8',
      };
    },

    previewBulk(request: BulkRequest): ResponseOf<'datasets.bulk.preview'> {
      const plan = planBulk(request);
      return {
        changes: plan.changes.map(({ path, before, after }) => ({ path, before, after })),
        unchanged: plan.unchanged,
        skipped: plan.skipped,
      };
    },

    applyBulk(request: BulkRequest): ResponseOf<'datasets.bulk.apply'> {
      const plan = planBulk(request);
      // The journal is written first: a crash half-way still leaves the part done undoable.
      const journal: UndoJournal = {
        at: now().toISOString(),
        datasetPath: plan.record.datasetPath,
        entries: plan.changes.map((c) => ({
          captionPath: c.captionRel,
          before: c.before === null ? null : readFileSync(c.absolute).toString('base64'),
          after: c.after,
        })),
      };
      mkdirSync(dirname(journalFile(request.id)), { recursive: true });
      writeFileAtomic(journalFile(request.id), JSON.stringify(journal));
      const failed: Skipped = [];
      let changed = 0;
      for (const change of plan.changes) {
        try {
          writeCaptionFileAtomic(change.absolute, change.after);
          changed += 1;
        } catch (error) {
          failed.push({ path: change.path, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
        }
      }
      return { changed, skipped: plan.skipped, failed };
    },

    undoBulk(id: string): ResponseOf<'datasets.undoBulk'> {
      let journal: UndoJournal;
      try {
        journal = JSON.parse(readFileSync(journalFile(id), 'utf8')) as UndoJournal;
      } catch {
        throw new HandlerError(
          contractError('not_found', 'There is no bulk operation to undo for this dataset.'),
        );
      }
      let restored = 0;
      const conflicts: Skipped = [];
      for (const item of journal.entries) {
        const absolute = join(journal.datasetPath, ...item.captionPath.split('/'));
        const current = readCaptionFile(absolute);
        // Only what the bulk operation wrote is restored; a caption edited since is the user's newer word.
        if (!current.exists || current.text !== item.after) {
          conflicts.push({
            path: item.captionPath,
            reason: 'changed since the bulk operation; left as it is',
          });
          continue;
        }
        if (item.before === null) rmSync(absolute, { force: true });
        else writeCaptionFileAtomic(absolute, Buffer.from(item.before, 'base64'));
        restored += 1;
      }
      rmSync(journalFile(id), { force: true });
      return { restored, conflicts };
    },

    tags(id: string, separator?: string): ResponseOf<'datasets.tags'> {
      const { record } = scanned(id);
      const texts: string[] = [];
      for (const file of record.files) {
        try {
          const read = readCaptionFile(captionPathOf(record, file).absolute);
          if (read.exists) texts.push(read.text);
        } catch {
          // unreadable captions are reported by the scan
        }
      }
      return { captions: texts.length, tags: tagFrequency(texts, separator) };
    },
  };
}
