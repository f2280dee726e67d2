/**
 * The editor's drafts as files in the data folder (<dataDir>/drafts/<slot>.json, written atomically:
 * a crash mid-write leaves the previous draft, never half of one). A slot is "new" or "job:<id>"; its
 * file name is the slot with the colon made a dash, so every slot is one plain file name.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { contractError } from '../../../shared/contract';
import type { Draft, DraftOrigin, DraftSummary } from '../../../shared/contract/drafts';
import { trainerKinds, type TrainerConfig } from '../../../shared/trainers/common';
import {
  checkParsedValue,
  ParseLimitError,
  parseJsonWithin,
  trainerConfigLimits,
  type ParseLimits,
} from '../../../shared/trainers/common/parse-limits';
import { HandlerError } from '../contract/dispatcher';
import { describeIoError } from '../fs/describe-io-error';
import { readUserFileSync } from '../fs/read-user-file';
import { writeFileAtomic } from '../fs/write-file-atomic';

export interface DraftsStore {
  list(): DraftSummary[];
  get(slot: string): Draft | null;
  save(input: { slot: string; config: TrainerConfig; origin: DraftOrigin }): { savedAt: string };
  discard(slot: string): boolean;
}

/** A draft is one config and its origin; a larger file in the drafts folder is not one. */
export const maxDraftBytes = 4 * 1024 * 1024;
/** The file wraps the config one level down (file → config → values). */
const draftLimits: ParseLimits = { ...trainerConfigLimits, maxDepth: trainerConfigLimits.maxDepth + 1 };

const slotPattern = /^(new|job:[A-Za-z0-9_-]{1,80})$/;

/** How the store writes and removes files: the real file system, or a failing one in tests. */
export interface DraftFiles {
  writeFile(file: string, content: string): void;
  remove(file: string): void;
}

const realFiles: DraftFiles = {
  writeFile: writeFileAtomic,
  remove: (file) => rmSync(file, { force: true }),
};

function badSlot(slot: string): HandlerError {
  return new HandlerError(
    contractError('invalid_payload', `"${slot}" is not a draft slot: use "new" or "job:<job id>".`, [
      { path: 'slot', message: 'not a draft slot' },
    ]),
  );
}

function ioError(what: string, file: string, error: unknown): HandlerError {
  return new HandlerError(
    contractError(
      'io_error',
      `Could not ${what} ${file}: ${describeIoError(error)}. Free space or fix the folder's permissions, then edit again to keep the draft.`,
    ),
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A file read back as a draft, or null when it is not one (damaged, or written by something else). */
function draftOfText(slot: string, text: string): Draft | null {
  let value: unknown;
  try {
    value = parseJsonWithin(text, 'The draft', draftLimits);
  } catch {
    return null;
  }
  if (!isObject(value) || value.format !== 'dpgui-draft') return null;
  const { config, origin, savedAt } = value;
  if (!isObject(config) || typeof config.trainer !== 'string' || typeof config.family !== 'string')
    return null;
  if (!(trainerKinds as readonly string[]).includes(config.trainer)) return null;
  if (!isObject(config.values) || (config.passThrough !== undefined && !isObject(config.passThrough)))
    return null;
  const kept = originOf(origin);
  if (kept === null) return null;
  return {
    slot,
    config: {
      trainer: config.trainer as TrainerConfig['trainer'],
      family: config.family,
      values: config.values,
      ...(config.passThrough === undefined ? {} : { passThrough: config.passThrough }),
    },
    origin: kept,
    savedAt: typeof savedAt === 'string' ? savedAt : '',
  };
}

const originKinds = ['new', 'preset', 'import', 'job'];
const originTexts = ['presetId', 'name', 'fileName', 'jobId'] as const;

/** A stored origin with only what the contract knows (a file edited by hand may hold more). */
function originOf(value: unknown): DraftOrigin | null {
  if (!isObject(value) || typeof value.kind !== 'string' || !originKinds.includes(value.kind)) return null;
  const origin: Record<string, unknown> = { kind: value.kind };
  for (const key of originTexts) if (typeof value[key] === 'string') origin[key] = value[key];
  if (typeof value.builtIn === 'boolean') origin.builtIn = value.builtIn;
  if (value.mode === 'edit' || value.mode === 'clone') origin.mode = value.mode;
  return origin as DraftOrigin;
}

export function openDraftsStore(
  dataDir: string,
  now: () => Date = () => new Date(),
  files: DraftFiles = realFiles,
): DraftsStore {
  const dir = join(dataDir, 'drafts');
  const fileOf = (slot: string): string => join(dir, `${slot.replace(':', '-')}.json`);
  const slotOfFile = (name: string): string | null => {
    const base = name.slice(0, -'.json'.length);
    const slot = base === 'new' ? base : base.startsWith('job-') ? `job:${base.slice(4)}` : null;
    return slot !== null && slotPattern.test(slot) ? slot : null;
  };
  const requireSlot = (slot: string): void => {
    if (!slotPattern.test(slot)) throw badSlot(slot);
  };
  const read = (slot: string): Draft | null => {
    if (!existsSync(fileOf(slot))) return null;
    try {
      // Bounded and non-blocking: a FIFO placed here must not hold the host.
      return draftOfText(slot, readUserFileSync(fileOf(slot), maxDraftBytes).toString('utf8'));
    } catch {
      return null;
    }
  };
  return {
    list() {
      if (!existsSync(dir)) return [];
      const drafts: DraftSummary[] = [];
      for (const name of readdirSync(dir)) {
        const slot = name.endsWith('.json') ? slotOfFile(name) : null;
        const draft = slot === null ? null : read(slot);
        if (draft) drafts.push({ slot: draft.slot, origin: draft.origin, savedAt: draft.savedAt });
      }
      return drafts.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    },
    get(slot) {
      requireSlot(slot);
      return read(slot);
    },
    save({ slot, config, origin }) {
      requireSlot(slot);
      const savedAt = now().toISOString();
      const file = { format: 'dpgui-draft', version: 1, savedAt, origin, config };
      // A config from a request may nest deeper than JSON.stringify can follow.
      try {
        checkParsedValue(file, 'The draft', draftLimits);
      } catch (error) {
        if (!(error instanceof ParseLimitError)) throw error;
        throw new HandlerError(
          contractError('invalid_payload', error.message, [{ path: 'config', message: error.message }]),
        );
      }
      const content = `${JSON.stringify(file, null, 2)}\n`;
      if (content.length > maxDraftBytes) {
        const reason = `it is larger than ${maxDraftBytes / (1024 * 1024)} MiB, the limit for a draft`;
        throw new HandlerError(
          contractError('invalid_payload', `Cannot keep this draft: ${reason}.`, [
            { path: 'config', message: reason },
          ]),
        );
      }
      try {
        mkdirSync(dir, { recursive: true });
        files.writeFile(fileOf(slot), content);
      } catch (error) {
        throw ioError('keep the draft in', fileOf(slot), error);
      }
      return { savedAt };
    },
    discard(slot) {
      requireSlot(slot);
      if (!existsSync(fileOf(slot))) return false;
      try {
        files.remove(fileOf(slot));
      } catch (error) {
        throw ioError('remove the draft', fileOf(slot), error);
      }
      return true;
    },
  };
}
