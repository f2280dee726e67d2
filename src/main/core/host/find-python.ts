/**
 * `host.findPython`: the interpreter of a venv, picked by its folder. The folder may be the venv itself,
 * a trainer's install folder holding `venv` or `.venv` (sd-scripts' and diffusion-pipe's usual layouts),
 * or the python file itself. The answer is the venv's own `bin/python`, not the file it links to: only
 * run through the venv's path does python use the venv's packages.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { contractError, type FindPythonRequest, type FoundPython } from '../../../shared/contract';
import { HandlerError } from '../contract/dispatcher';
import { absolutePathError, userPathError } from '../fs/user-path-error';
import { expandHome } from './expand-home';

const field = 'path';
/** Where a venv keeps its interpreter, first match wins. */
const interpreterPaths =
  process.platform === 'win32' ? ['Scripts/python.exe'] : ['bin/python', 'bin/python3'];
/** Inside an install folder: the venv folders that trainers' set-up scripts make. */
const venvFolderNames = ['venv', '.venv'];

export async function findPython(request: FindPythonRequest, home: string): Promise<FoundPython> {
  const expanded = expandHome(request.path, home);
  const notAbsolute = absolutePathError(expanded, field);
  if (notAbsolute) throw new HandlerError(notAbsolute);
  const target = resolve(expanded);
  let isFolder: boolean;
  try {
    isFolder = (await stat(target)).isDirectory();
  } catch (error) {
    throw new HandlerError(userPathError('find a python in', target, field, error));
  }
  if (!isFolder) return pythonFile(target);
  for (const venv of [target, ...venvFolderNames.map((name) => join(target, name))]) {
    for (const relative of interpreterPaths) {
      const python = join(venv, relative);
      if (await isExecutableFile(python)) return { python, venv: (await isVenv(venv)) ? venv : null };
    }
  }
  throw new HandlerError(
    contractError(
      'not_found',
      `No python was found in "${target}": DPGui looked for ${interpreterPaths.join(' and ')} in it and in its ${venvFolderNames.join(' and ')} folders. Choose the venv folder (the one holding pyvenv.cfg), or the python file itself.`,
      [{ path: field, message: 'holds no venv' }],
    ),
  );
}

async function pythonFile(file: string): Promise<FoundPython> {
  if (!/^python[0-9.]*(\.exe)?$/i.test(basename(file)) || !(await isExecutableFile(file))) {
    throw new HandlerError(
      contractError(
        'invalid_payload',
        `"${file}" is not a python interpreter DPGui can run. Choose a venv folder, or its bin/python.`,
        [{ path: field, message: 'is not an executable python' }],
      ),
    );
  }
  const venv = dirname(dirname(file));
  return { python: file, venv: (await isVenv(venv)) ? venv : null };
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A venv (or conda env) says so in pyvenv.cfg (conda-meta/); a plain python's folder does not. */
async function isVenv(folder: string): Promise<boolean> {
  for (const marker of ['pyvenv.cfg', 'conda-meta']) {
    try {
      await stat(join(folder, marker));
      return true;
    } catch {
      // not this one
    }
  }
  return false;
}
