/**
 * sd-scripts' model families: which entry script trains each, and which network module a LoRA of
 * each algorithm needs (trainers.md B.4; sd3_train_network.py loads networks.lora_sd3).
 */
import type { FamilyDef } from '../common/types';

export type SdFamily = 'sd' | 'sdxl' | 'sd3' | 'flux';

export const sdFamilies: FamilyDef[] = [
  { id: 'sd', label: 'SD 1.x / 2.x' },
  { id: 'sdxl', label: 'SDXL' },
  { id: 'sd3', label: 'SD3' },
  { id: 'flux', label: 'FLUX.1 / Chroma' },
];

export const scriptOfFamily: Record<SdFamily, string> = {
  sd: 'train_network.py',
  sdxl: 'sdxl_train_network.py',
  sd3: 'sd3_train_network.py',
  flux: 'flux_train_network.py',
};

export function isSdFamily(value: string): value is SdFamily {
  return value in scriptOfFamily;
}

export function familyLabel(id: string): string {
  return sdFamilies.find((f) => f.id === id)?.label ?? id;
}

/** The network algorithms the form offers (the old form's list, plus LyCORIS' DyLoRA). */
export const networkAlgos = [
  'lora',
  'locon',
  'dylora',
  'lycoris-locon',
  'loha',
  'lokr',
  'ia3',
  'lycoris-dylora',
  'boft',
  'diag-oft',
  'full',
] as const;
export type NetworkAlgo = (typeof networkAlgos)[number];

/** Algorithms sd-scripts' own modules train; the rest go through lycoris.kohya with `algo=`. */
export const kohyaAlgos: NetworkAlgo[] = ['lora', 'locon', 'dylora'];
export const lycorisAlgos: NetworkAlgo[] = networkAlgos.filter((a) => !kohyaAlgos.includes(a));

/** The LyCORIS `algo=` value of an algorithm. */
export const lycorisAlgoName: Partial<Record<NetworkAlgo, string>> = {
  'lycoris-locon': 'locon',
  loha: 'loha',
  lokr: 'lokr',
  ia3: 'ia3',
  'lycoris-dylora': 'dylora',
  boft: 'boft',
  'diag-oft': 'diag-oft',
  full: 'full',
};

export function networkModuleFor(family: string, algo: string, loraFa: boolean): string {
  if (lycorisAlgos.includes(algo as NetworkAlgo)) return 'lycoris.kohya';
  if (algo === 'dylora') return 'networks.dylora';
  if (loraFa && (family === 'sd' || family === 'sdxl')) return 'networks.lora_fa';
  if (family === 'flux') return 'networks.lora_flux';
  if (family === 'sd3') return 'networks.lora_sd3';
  return 'networks.lora';
}
