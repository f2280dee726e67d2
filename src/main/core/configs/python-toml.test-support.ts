/**
 * Loads TOML text with Python's `toml` 0.10 (what sd-scripts and diffusion-pipe read) and answers the
 * result with every scalar tagged by its Python type, so tests can tell 16 from 16.0. The interpreter
 * is DPGUI_PYTHON_TOML, else a throwaway venv in node_modules/.cache (made on first use with
 * `pip install toml==0.10.2`), else a system python3 that has `toml`. Without one, tests skip and say why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type Tagged =
  | { int: number }
  | { float: number }
  | { bool: boolean }
  | { str: string }
  | Tagged[]
  | { [key: string]: Tagged };

const loader = `
import json, sys, toml
def tag(v):
    if isinstance(v, bool): return {"bool": v}
    if isinstance(v, int): return {"int": v}
    if isinstance(v, float): return {"float": v}
    if isinstance(v, str): return {"str": v}
    if isinstance(v, list): return [tag(x) for x in v]
    if isinstance(v, dict): return {k: tag(x) for k, x in v.items()}
    return {"str": repr(v)}
docs = json.load(sys.stdin)
out = {}
for name, text in docs.items():
    try:
        out[name] = {"ok": tag(toml.loads(text))}
    except Exception as e:
        out[name] = {"error": type(e).__name__ + ": " + str(e)}
json.dump(out, sys.stdout)
`;

let cached: { python: string | null; reason: string } | undefined;

function hasToml(python: string): boolean {
  const r = spawnSync(python, ['-c', 'import toml; assert toml.__version__.startswith("0.10")'], {
    timeout: 20_000,
  });
  return r.status === 0;
}

export function findPythonToml(): { python: string | null; reason: string } {
  if (cached) return cached;
  const fromEnv = process.env.DPGUI_PYTHON_TOML;
  if (fromEnv && hasToml(fromEnv)) return (cached = { python: fromEnv, reason: 'DPGUI_PYTHON_TOML' });
  const venv = join(process.cwd(), 'node_modules', '.cache', 'dpgui-toml-venv');
  const venvPython = join(venv, 'bin', 'python');
  if (existsSync(venvPython) && hasToml(venvPython)) return (cached = { python: venvPython, reason: venv });
  if (hasToml('python3')) return (cached = { python: 'python3', reason: 'system python3' });
  try {
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'ignore', timeout: 60_000 });
    execFileSync(venvPython, ['-m', 'pip', 'install', '-q', 'toml==0.10.2'], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    if (hasToml(venvPython)) return (cached = { python: venvPython, reason: venv });
  } catch (error) {
    return (cached = {
      python: null,
      reason: `no Python with toml 0.10 (venv setup failed: ${String(error).slice(0, 200)})`,
    });
  }
  return (cached = { python: null, reason: 'no Python with toml 0.10' });
}

/** name → parsed and tagged document, or the loader's error. */
export function loadWithPythonToml(
  python: string,
  docs: Record<string, string>,
): Record<string, { ok: Tagged } | { error: string }> {
  const out = execFileSync(python, ['-c', loader], {
    input: JSON.stringify(docs),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as Record<string, { ok: Tagged } | { error: string }>;
}
