import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../shared/contract';
import { createSchemaValidators } from '../contract/schema-validators';

interface Node {
  title?: string;
  description?: string;
  properties?: Record<string, Node>;
}

/** Every key of the settings, dotted, with its schema (nested objects' keys too). */
function keysOf(node: Node, prefix = ''): [string, Node][] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => [
    [`${prefix}${key}`, child] as [string, Node],
    ...keysOf(child, `${prefix}${key}.`),
  ]);
}

describe('the settings schema', () => {
  const keys = keysOf(settingsSchema);

  it('gives every key a label and a description a settings screen can show', () => {
    expect(keys.length).toBeGreaterThan(15);
    const lacking = keys
      .filter(([, node]) => !node.title?.trim() || !node.description?.trim())
      .map(([key]) => key);
    expect(lacking).toEqual([]);
    for (const [key, node] of keys) {
      // A sentence, not a placeholder: it ends once, and says more than the label.
      expect(node.description, key).toMatch(/[^.]\.$/);
      expect(node.description?.toLowerCase(), key).not.toBe(node.title?.toLowerCase());
    }
  });

  it('names each trainer install so the screen can tell them apart', () => {
    const titles = Object.fromEntries(keys.map(([key, node]) => [key, node.title]));
    expect(titles).toMatchObject({
      'trainers.sdScripts': 'sd-scripts',
      'trainers.diffusionPipe': 'diffusion-pipe',
      'trainers.generic': 'Generic trainer',
      'trainers.sdScripts.python': 'Python interpreter',
    });
  });

  it('still checks values as before: labels change nothing a client may send', () => {
    const validators = createSchemaValidators();
    expect(validators.request('settings.set', { stopGraceSeconds: 5 })).toEqual({ ok: true });
    expect(validators.request('settings.set', { stopGraceSeconds: -1 }).ok).toBe(false);
  });
});
