/**
 * Asks the engine's own interpreter for its config schema: runs python-bridge's `config-schema`
 * there (`python -m dpgui_bridge config-schema pkg.module:Class --path <engine folder>`) and answers
 * its JSON Schema, or the bridge's error code and message. The engine folder is also the working
 * directory, as when the engine runs.
 */
import { execFile } from 'node:child_process';
import { delimiter } from 'node:path';
import {
  configLimits,
  ParseLimitError,
  parseJsonWithin,
} from '../../../../shared/trainers/common/parse-limits';
import type { EngineSchemaNode } from '../../../../shared/trainers/generic/engine-schema';

export interface ReadEngineSchemaOptions {
  /** The engine install's interpreter. */
  python: string;
  /** The folder holding python-bridge's `dpgui_bridge` package. */
  bridgeDir: string;
  /** The engine's folder (put on the module path and used as the working directory). */
  engineDir: string;
  /** "package.module:ClassName" of the structured config. */
  target: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export type EngineSchemaAnswer =
  { ok: true; schema: EngineSchemaNode } | { ok: false; code: string; message: string };

/** The bridge's answer (its last line), nested no deeper than the form can walk; a bound's sentence past it. */
function lastJsonLine(stdout: string): unknown {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return parseJsonWithin(line, "The engine's config schema", {
      ...configLimits,
      maxDepth: 2 * configLimits.maxDepth,
    });
  } catch (error) {
    return error instanceof ParseLimitError
      ? { error: { code: 'schema_too_large', message: error.message } }
      : undefined;
  }
}

export function readEngineSchema(options: ReadEngineSchemaOptions): Promise<EngineSchemaAnswer> {
  const env = { ...(options.env ?? process.env) };
  env.PYTHONPATH = env.PYTHONPATH ? `${options.bridgeDir}${delimiter}${env.PYTHONPATH}` : options.bridgeDir;
  const argv = ['-m', 'dpgui_bridge', 'config-schema', options.target, '--path', options.engineDir];
  return new Promise((resolve) => {
    execFile(
      options.python,
      argv,
      { cwd: options.engineDir, env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const answer = lastJsonLine(stdout);
        if (typeof answer === 'object' && answer !== null && 'error' in answer) {
          const failure = (answer as { error: { code?: unknown; message?: unknown } }).error;
          resolve({
            ok: false,
            code: typeof failure.code === 'string' ? failure.code : 'internal',
            message: typeof failure.message === 'string' ? failure.message : 'The bridge gave no message.',
          });
          return;
        }
        if (!error && typeof answer === 'object' && answer !== null && 'properties' in answer) {
          resolve({ ok: true, schema: answer as EngineSchemaNode });
          return;
        }
        const why =
          error && 'code' in error && error.code === 'ENOENT'
            ? `${options.python} was not found`
            : stderr.trim().split('\n').pop();
        resolve({
          ok: false,
          code: 'bridge_failed',
          message: `Reading the engine's config schema failed: ${why || 'the bridge gave no answer'}.`,
        });
      },
    );
  });
}
