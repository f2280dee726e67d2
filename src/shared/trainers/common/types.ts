/**
 * What every trainer kind (sd-scripts, diffusion-pipe, generic) declares to the rest of the app: its
 * schema with our field metadata, its families, and pure functions that write its files, import the
 * files users already have and check the world through an injected probe. Nothing here touches the
 * disk, so the renderer can use the same declarations.
 */

import type {
  ConfigIssue,
  FamilyDef,
  ImportInput,
  LaunchFacts,
  OutputTarget,
  TrainerConfig,
  WrittenFile,
} from '../../contract/configs';
import type { TrainerKind } from '../../contract/trainer-kinds';

// What crosses the boundary (a job's config, issues, written files, launch facts) is declared once,
// as JSON Schemas in the contract; these are the types derived from them.
export { trainerKinds, type TrainerKind } from '../../contract/trainer-kinds';
export type { ConfigIssue, FamilyDef, ImportInput, LaunchFacts, OutputTarget, TrainerConfig, WrittenFile };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The declarative rule language: evaluated by `evaluateRule` without ajv (renderer CSP). */
export type Rule =
  | { field: string; equals: JsonValue }
  | { field: string; notEquals: JsonValue }
  | { field: string; in: JsonValue[] }
  | { field: string; notIn: JsonValue[] }
  | { field: string; truthy: true }
  | { field: string; falsy: true }
  | { family: string[] }
  /** Some item of the array at `some` (a values path) satisfies `where` (its fields relative: ".x"). */
  | { some: string; where: Rule }
  | { all: Rule[] }
  | { any: Rule[] }
  | { not: Rule };

export interface GreyRule {
  when: Rule;
  /** Shown beside the greyed field: why it does not apply now. */
  reason: string;
}

/** How a path field is checked against the world. */
export interface PathSpec {
  kind: 'file' | 'folder' | 'model';
  /** Lower-case extensions with the dot, for files (and model files). */
  extensions?: string[];
  /** A model may also be a diffusers folder (holds model_index.json). */
  diffusersFolder?: boolean;
  /** A Hugging Face repo id in place of a local path: an error or a warning (sd-scripts downloads). */
  repoId?: 'error' | 'warning';
  /** Folders that must hold images (dataset folders). */
  holdsImages?: boolean;
  /** A folder the trainer writes to (must be writable, may not exist yet, not inside a dataset). */
  output?: boolean;
}

/**
 * Our metadata on one schema property, under the `x-dpgui` keyword (registered with ajv as an
 * annotation-only vocabulary). Every property of a trainer schema carries one.
 */
export interface FieldMeta {
  section: string;
  label: string;
  /** In our own words. */
  tooltip?: string;
  unit?: string;
  /** The families this field applies to; absent = all. Outside them the field is greyed. */
  families?: string[];
  greyedWhen?: GreyRule[];
  /** Required only when the rule holds (plain `required` cannot depend on other fields). */
  requiredWhen?: Rule;
  advanced?: boolean;
  path?: PathSpec;
  /**
   * A display label for every `enum` value of the field (or of its items, for a list), keyed by the
   * value as a string (`String(75)` is "75"). The values written stay the enum's own.
   */
  choiceLabels?: Record<string, string>;
  /**
   * Set on a boolean toggle only: the fields it switches on, greyed while the toggle is off (each of
   * them carries the matching `greyedWhen { field: <toggle>, falsy: true }` rule). Paths are written
   * like `Rule.field`, from the values root, with `*` for every item of a list
   * ("subsets.*.conditioning_data_dir"). The form draws a toggle and the fields it enables together.
   */
  enables?: string[];
  /** Values to offer for a free-text field (the trainer accepts others too). */
  suggestions?: string[];
  /** A widget hint for the form; the type decides otherwise. */
  widget?: 'textarea' | 'password' | 'key-values' | 'list' | 'prompts';
  /** Writer-specific destination (sd-scripts: "config", "dataset", "network_args", "ui"). */
  target?: string;
}

/** The subset of JSON Schema the trainer schemas use, plus our metadata. */
export interface FieldSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  title?: string;
  default?: unknown;
  enum?: JsonValue[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  additionalProperties?: boolean | FieldSchema;
  'x-dpgui'?: FieldMeta;
}

export interface ObjectSchema extends FieldSchema {
  type: 'object';
  properties: Record<string, FieldSchema>;
}

export interface SectionDef {
  id: string;
  label: string;
  description?: string;
  advanced?: boolean;
}

/** A combination that is an error (or a warning), with the fields to point at. */
export interface ConflictRule {
  id: string;
  when: Rule;
  fields: string[];
  message: string;
  severity?: 'error' | 'warning';
}

export interface WriteContext {
  /** Absolute path of the job's run folder, where the files will lie (file paths inside them). */
  runDir: string;
}

export interface WriteResult {
  files: WrittenFile[];
  launch: LaunchFacts;
}

export interface UnknownKey {
  /** Where it was in the file ("config.foo", "dataset.general.bar"). */
  path: string;
  value: unknown;
  /**
   * The `config.passThrough` key that writes it back at the same place (common/pass-through.ts);
   * absent when DPGui cannot write it back (a note says why).
   */
  passThroughKey?: string;
}

export type ImportResult =
  | {
      ok: true;
      format: string;
      config: TrainerConfig;
      /** Listed to the user; kept in `config.passThrough` only once confirmed. */
      unknownKeys: UnknownKey[];
      /** Where the family came from ("header comment", "sdxl key", "script name", "given"). */
      familySource: string;
      notes: string[];
      /**
       * `values.x` paths of the values the files set; every other value is the family's default
       * (set by common/import-defaults.ts, absent from a trainer's own reading of the files).
       */
      fromFile?: string[];
    }
  | { ok: false; needsFamily: true; format: string; families: FamilyDef[]; notes: string[] }
  | { ok: false; needsFamily: false; format: string | null; message: string };

export interface ImportOptions {
  /** The family the user picked after a `needsFamily` answer. */
  family?: string;
  /** The host's file system, where an import may look (kohya_ss' `<repeats>_<name>` folders). */
  probe?: WorldProbe;
}

export interface PathFacts {
  kind: 'file' | 'folder' | 'missing' | 'other';
}

/** The world, as the checks may see it; the main process passes the real file system. */
export interface WorldProbe {
  stat(path: string): PathFacts;
  /** Entry names of a folder, or null when it cannot be read. */
  listDir(path: string): string[] | null;
  /** Whether the process can create files in the folder (or, if absent, in its nearest parent). */
  canWriteIn(path: string): boolean;
}

export interface TrainerDefinition {
  kind: TrainerKind;
  label: string;
  families: FamilyDef[];
  sections: SectionDef[];
  /** JSON Schema of `config.values`, every property carrying `x-dpgui`. */
  schema: ObjectSchema;
  conflicts: ConflictRule[];
  /** The values a new config starts with for a family. */
  defaults(family: string): Record<string, unknown>;
  writeFiles(config: TrainerConfig, context: WriteContext): WriteResult;
  importFiles(inputs: ImportInput[], options?: ImportOptions): ImportResult;
  /** Checks against the world: paths, dataset folders, trainer traps. Schema and rules are done already. */
  checkWorld(config: TrainerConfig, probe: WorldProbe): ConfigIssue[];
  /** Where a job with this config writes (for the same-output check across queued jobs). */
  outputsOf(config: TrainerConfig): OutputTarget[];
}

/** A read-only starter that ships with DPGui (model paths empty, and its description says so). */
export interface BuiltInPreset {
  /** Stable, starts with "builtin:". */
  id: string;
  name: string;
  description: string;
  config: TrainerConfig;
}
