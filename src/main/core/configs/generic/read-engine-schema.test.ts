/** Reading an engine's schema through python-bridge in a real interpreter (the Hydra-style fixture). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineFormSchema } from '../../../../shared/trainers/generic/engine-schema';
import { readEngineSchema } from './read-engine-schema';

const bridgeDir = join(process.cwd(), 'python-bridge');
const engineDir = join(bridgeDir, 'tests', 'fixtures', 'config_schema');
const python = process.env.DPGUI_TEST_PYTHON ?? 'python3';

describe('readEngineSchema', () => {
  it("answers the engine's schema, ready for the form", async () => {
    const answer = await readEngineSchema({
      python,
      bridgeDir,
      engineDir,
      target: 'hydra_app.config:TrainConfig',
    });
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.schema.required).toEqual(['run_name']);
    expect(engineFormSchema(answer.schema).sections.map((s) => s.id)).toEqual([
      'general',
      'model',
      'network',
      'optimizer',
    ]);
  });

  it("passes on the bridge's own error", async () => {
    const answer = await readEngineSchema({ python, bridgeDir, engineDir, target: 'hydra_app.config:Nope' });
    expect(answer).toEqual({
      ok: false,
      code: 'class_not_found',
      message: 'module hydra_app.config has no Nope',
    });
  });

  it('says when the interpreter is not there', async () => {
    const answer = await readEngineSchema({
      python: '/no/such/python',
      bridgeDir,
      engineDir,
      target: 'a.b:C',
    });
    expect(answer).toEqual({
      ok: false,
      code: 'bridge_failed',
      message: '/no/such/python was not found',
    });
    const noFolder = await readEngineSchema({
      python,
      bridgeDir,
      engineDir: '/no/such/engine',
      target: 'a.b:C',
    });
    expect(noFolder).toMatchObject({
      ok: false,
      message: "the engine's folder /no/such/engine does not exist",
    });
  });
});
