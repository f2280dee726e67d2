/**
 * The values a new sd-scripts config starts with, and the values the form shows (and fillDefaults
 * fills in) for keys a config leaves out: the schema's defaults of the fields that apply to the
 * family, then what differs per family.
 */
import { isUnset } from './write-files';
import { formProperties } from './schema';

/**
 * Where a family's usual value differs from the schema's default. SDXL, SD3 and FLUX.1 are trained
 * at 1024 px (their buckets up to 2048); SD3 and FLUX.1 in bf16 (sd-scripts' docs train both so;
 * fp16 overflows), SDXL keeps its VAE in float32 (its VAE gives NaNs in fp16). Every family trains
 * a LoRA with AdamW8bit; the network module follows from the family (families.ts networkModuleFor:
 * networks.lora, lora_sd3, lora_flux).
 */
export const familyDefaults: Record<string, Record<string, unknown>> = {
  sd: {},
  sdxl: { resolution: 1024, resolution_height: 1024, max_bucket_reso: 2048, no_half_vae: true },
  sd3: {
    // sd3_train_utils' default; FLUX.1 leaves it empty (sd-scripts picks 512 for dev, 256 for schnell).
    t5xxl_max_token_length: 256,
    resolution: 1024,
    resolution_height: 1024,
    max_bucket_reso: 2048,
    mixed_precision: 'bf16',
    save_precision: 'bf16',
  },
  flux: {
    resolution: 1024,
    resolution_height: 1024,
    max_bucket_reso: 2048,
    mixed_precision: 'bf16',
    save_precision: 'bf16',
  },
};

export function sdScriptsDefaults(family: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(formProperties)) {
    const families = schema['x-dpgui']?.families;
    if (families && !families.includes(family)) continue;
    if (schema.default !== undefined && !isUnset(schema.default))
      values[key] = structuredClone(schema.default);
  }
  Object.assign(values, structuredClone(familyDefaults[family] ?? {}));
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
