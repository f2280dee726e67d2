/**
 * Asks the engine's own interpreter for its config schema: runs python-bridge's `config-schema`
 * there (`python -m dpgui_bridge config-schema pkg.module:Class --path <engine folder>`) and answers
 * its JSON Schema, or the bridge's error code and message. The engine folder is also the working
 * directory, as when the engine runs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  /** The engine's folder (put on the module path and used as the working directory); '' for none. */
  engineDir: string;
  /** "package.module:ClassName" of the structured config. */
  target: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Importing an engine may import torch: allow a slow disk, not a hang. */
export const defaultEngineSchemaTimeoutMs = 60_000;

/** `message`: the reason, without a full stop, for a sentence the caller makes ("… could not be read: …"). */
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
  // Without a folder the engine is a package installed in the interpreter's venv.
  const folder = options.engineDir.trim();
  const argv = ['-m', 'dpgui_bridge', 'config-schema', options.target, ...(folder ? ['--path', folder] : [])];
  const timeoutMs = options.timeoutMs ?? defaultEngineSchemaTimeoutMs;
  return new Promise((resolve) => {
    execFile(
      options.python,
      argv,
      // SIGKILL at the limit: an engine's import that hangs may also ignore SIGTERM.
      {
        cwd: folder || options.bridgeDir,
        env,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error?.killed && error.code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          resolve({
            ok: false,
            code: 'timed_out',
            message: `python-bridge did not answer within ${Math.round(timeoutMs / 1000)} s (importing ${options.target.split(':')[0] ?? ''} hangs or is slow)`,
          });
          return;
        }
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
        // A spawn's ENOENT is the interpreter's or the working folder's: say which.
        const missing =
          folder && !existsSync(folder)
            ? `the engine's folder ${folder} does not exist`
            : `${options.python} was not found`;
        const why = error?.code === 'ENOENT' ? missing : stderr.trim().split('\n').pop();
        resolve({
          ok: false,
          code: 'bridge_failed',
          message: why || 'python-bridge gave no answer',
        });
      },
    );
  });
}
