/**
 * The generic trainer, for teams with their own engine configured through YAML (Hydra): a job's
 * config is a command template, the YAML config (as an object) and Hydra-style overrides, plus the
 * engine's schema when python-bridge could read one (kept in the snapshot, so validation never
 * depends on the engine's folder). The writer writes the YAML; the overrides go on the command line.
 */
import { dump, YAMLException } from 'js-yaml';
import { defineField } from '../common/define-field';
import { dpguiHeader, readDpguiHeader } from '../common/header';
import { ParseLimitError, parseYamlWithin } from '../common/parse-limits';
import { joinPath } from '../common/world-checks';
import type {
  ConfigIssue,
  ImportInput,
  ImportResult,
  ObjectSchema,
  SectionDef,
  TrainerConfig,
  TrainerDefinition,
  WriteContext,
  WriteResult,
} from '../common/types';
import {
  defaultCommandTemplate,
  fillPlaceholders,
  splitCommand,
  unknownPlaceholders,
} from './command-template';
import { engineDefaults, mergeConfig, validateEngineConfig, type EngineSchemaNode } from './engine-schema';
import { applyOverrides, parseOverrides } from './hydra-overrides';

export const genericFamily = { id: 'hydra', label: 'YAML / Hydra engine' };
export const yamlFileName = 'config.yaml';

const sections: SectionDef[] = [
  { id: 'command', label: 'Command', description: 'How the engine is started.' },
  { id: 'config', label: 'Config', description: "The engine's YAML config." },
  { id: 'overrides', label: 'Overrides', description: 'Hydra overrides added to the command line.' },
  { id: 'engine', label: 'Engine schema', advanced: true },
];

const schema: ObjectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['command', 'config'],
  properties: {
    command: defineField(
      { type: 'string', minLength: 1, default: defaultCommandTemplate },
      {
        section: 'command',
        label: 'Command template',
        widget: 'textarea',
        tooltip:
          'The command that starts the engine. {python} is the install’s interpreter, {config} the YAML file DPGui writes, {run_dir} the job’s folder (holding it as config.yaml), {port} a free port, {num_gpus} and {gpu_ids} the job’s GPUs as the engine sees them (0…N-1). Overrides are added at the end.',
      },
    ),
    config: defineField(
      { type: 'object', additionalProperties: true, default: {} },
      { section: 'config', label: 'Config', tooltip: "The engine's settings, written as config.yaml." },
    ),
    overrides: defineField(
      { type: 'array', items: { type: 'string' }, default: [] },
      {
        section: 'overrides',
        label: 'Overrides',
        widget: 'list',
        tooltip:
          'key=value changes a key, +key=value adds one, ++key=value sets either way, ~key deletes; dotted keys and [a,b] lists. No sweeps: one job runs one config.',
      },
    ),
    engineSchema: defineField(
      { type: 'object', additionalProperties: true },
      {
        section: 'engine',
        label: 'Engine schema',
        advanced: true,
        tooltip:
          "The JSON Schema python-bridge read from the engine's structured config; the form and the checks follow it.",
      },
    ),
  },
};

function valuesOf(config: TrainerConfig): {
  command: string;
  doc: Record<string, unknown>;
  overrides: string[];
  engine?: EngineSchemaNode;
} {
  const v = config.values;
  const doc =
    typeof v.config === 'object' && v.config !== null && !Array.isArray(v.config)
      ? (v.config as Record<string, unknown>)
      : {};
  const overrides = Array.isArray(v.overrides)
    ? v.overrides.filter((o): o is string => typeof o === 'string')
    : [];
  const engine =
    typeof v.engineSchema === 'object' && v.engineSchema !== null
      ? (v.engineSchema as EngineSchemaNode)
      : undefined;
  return {
    command: typeof v.command === 'string' ? v.command : '',
    doc,
    overrides,
    ...(engine ? { engine } : {}),
  };
}

export function writeYaml(doc: Record<string, unknown>, family: string): string {
  const header = dpguiHeader('generic', family, genericFamily.label, 'engine config').map(
    (line) => `# ${line}`,
  );
  const body =
    Object.keys(doc).length > 0 ? dump(doc, { lineWidth: -1, noRefs: true, sortKeys: false }) : '{}\n';
  return `${header.join('\n')}\n${body}`;
}

function writeGenericFiles(config: TrainerConfig, context: WriteContext): WriteResult {
  const { command, doc, overrides } = valuesOf(config);
  const split = splitCommand(command);
  const argv = fillPlaceholders(split.ok ? split.argv : [], {
    config: joinPath(context.runDir, yamlFileName),
    run_dir: context.runDir,
  });
  return {
    files: [{ name: yamlFileName, content: writeYaml(doc, config.family), role: 'config' }],
    launch: { args: [...argv, ...overrides.map((o) => o.trim())], mainConfigFile: yamlFileName, outputs: [] },
  };
}

function importGenericFiles(inputs: readonly ImportInput[]): ImportResult {
  const format = 'YAML';
  const input = inputs.find((i) => /\.ya?ml$/i.test(i.name)) ?? inputs[0];
  if (!input) return { ok: false, needsFamily: false, format, message: 'No file was given.' };
  let doc: unknown;
  try {
    doc = parseYamlWithin(input.content, input.name);
  } catch (error) {
    if (error instanceof ParseLimitError) throw error;
    const why = error instanceof YAMLException ? error.message.split('\n')[0] : String(error);
    return {
      ok: false,
      needsFamily: false,
      format,
      message: `${input.name} is not valid YAML (${why ?? ''}).`,
    };
  }
  if (doc === undefined || doc === null) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return {
      ok: false,
      needsFamily: false,
      format,
      message: `${input.name} holds a YAML ${Array.isArray(doc) ? 'list' : 'value'}, not a config of keys.`,
    };
  }
  const header = readDpguiHeader(input.content);
  const notes =
    inputs.length > 1 ? [`Only ${input.name} was imported; a generic config is one YAML file.`] : [];
  return {
    ok: true,
    format,
    config: {
      trainer: 'generic',
      family: genericFamily.id,
      // Only what the file says: configs.import lays it over the defaults (common/import-defaults.ts).
      values: { config: doc },
    },
    unknownKeys: [],
    familySource: header?.trainer === 'generic' ? 'header comment' : 'the only family',
    notes,
  };
}

/** Checks of the command, the overrides and (with an engine schema) the config the engine will see. */
export function checkGenericConfig(config: TrainerConfig): ConfigIssue[] {
  const { command, doc, overrides, engine } = valuesOf(config);
  const issues: ConfigIssue[] = [];
  const commandIssue = (severity: ConfigIssue['severity'], message: string): ConfigIssue => ({
    path: 'values.command',
    label: 'Command template',
    severity,
    message,
  });
  const split = splitCommand(command);
  if (!split.ok) issues.push(commandIssue('error', split.message));
  for (const name of unknownPlaceholders(command)) {
    issues.push(
      commandIssue(
        'error',
        `{${name}} is not a placeholder DPGui fills in; use {python}, {config}, {run_dir}, {port}, {num_gpus} or {gpu_ids}.`,
      ),
    );
  }
  if (!command.includes('{config}') && !command.includes('{run_dir}')) {
    issues.push(
      commandIssue(
        'warning',
        'The command names neither {config} nor {run_dir}, so the engine will not read the config DPGui writes.',
      ),
    );
  }

  const parsed = parseOverrides(overrides);
  const base = engine ? mergeConfig(engineDefaults(engine), doc) : doc;
  const applied = applyOverrides(base, parsed.overrides);
  for (const error of [...parsed.errors, ...applied.errors]) {
    issues.push({
      path: `values.overrides.${error.index}`,
      label: `Override #${error.index + 1}`,
      severity: 'error',
      message: error.message,
    });
  }
  if (engine) {
    for (const problem of validateEngineConfig(applied.doc, engine)) {
      issues.push({
        path: problem.path === '' ? 'values.config' : `values.config.${problem.path}`,
        label: problem.path || 'Config',
        severity: 'error',
        message: `${problem.path || 'The config'} ${problem.message}`,
      });
    }
  }
  return issues;
}

export const genericTrainer: TrainerDefinition = {
  kind: 'generic',
  label: 'YAML / Hydra engine',
  families: [genericFamily],
  sections,
  schema,
  conflicts: [],
  defaults: () => ({ command: defaultCommandTemplate, config: {}, overrides: [] }),
  writeFiles: writeGenericFiles,
  importFiles: importGenericFiles,
  checkWorld: (config) => checkGenericConfig(config),
  outputsOf: () => [],
};
