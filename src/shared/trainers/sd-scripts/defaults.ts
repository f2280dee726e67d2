/** The values a new sd-scripts config starts with: the schema's defaults of the form's fields. */
import { isUnset } from './write-files';
import { formProperties } from './schema';

export function sdScriptsDefaults(family: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(formProperties)) {
    const families = schema['x-dpgui']?.families;
    if (families && !families.includes(family)) continue;
    if (schema.default !== undefined && !isUnset(schema.default))
      values[key] = structuredClone(schema.default);
  }
  values.pretrained_model_name_or_path = '';
  values.output_dir = '';
  values.output_name = 'my_lora';
  values.subsets = [{ name: 'images', image_dir: '', num_repeats: 1, caption_extension: '.txt' }];
  if (family === 'flux') {
    values.ae = '';
    values.clip_l = '';
    values.t5xxl = '';
  }
  return values;
}
