/** The values a new diffusion-pipe config starts with, per model type (model paths empty). */
import type { FieldSchema } from '../common/types';
import { schema } from './schema';

/** Each field's default where it applies to the family; objects filled in, model paths empty. */
function defaultsOf(properties: Record<string, FieldSchema>, family: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(properties)) {
    const meta = field['x-dpgui'];
    if (meta?.families && !meta.families.includes(family)) continue;
    if (field.type === 'object' && field.properties) out[key] = defaultsOf(field.properties, family);
    else if (field.default !== undefined) out[key] = structuredClone(field.default);
    else if (meta?.path && meta.requiredWhen) out[key] = '';
  }
  return out;
}

/** What differs from the plain defaults per model type: video models get a frame bucket; SDXL, SD3 and FLUX.1 1024. */
const familyDefaults: Record<string, (values: Record<string, unknown>) => void> = {
  sdxl: (v) => ((v.dataset as Record<string, unknown>).resolutions = [1024]),
  sd3: (v) => ((v.dataset as Record<string, unknown>).resolutions = [1024]),
  flux: (v) => ((v.dataset as Record<string, unknown>).resolutions = [1024]),
  wan: (v) => ((v.dataset as Record<string, unknown>).frame_buckets = [1, 33]),
  'hunyuan-video': (v) => ((v.dataset as Record<string, unknown>).frame_buckets = [1, 33]),
};

export function diffusionPipeDefaults(family: string): Record<string, unknown> {
  const values = defaultsOf(schema.properties, family);
  (values.dataset as Record<string, unknown>).resolutions = [512];
  (values.dataset as Record<string, unknown>).directories = [{ path: '', num_repeats: 1 }];
  values.output_dir = '';
  familyDefaults[family]?.(values);
  return values;
}
