/** What the GPUs page says when nvidia-smi gives no GPU to show, or only a partial answer. */
import type { GpuInventory } from '../../../../shared/contract';

export interface GpusNotice {
  tone: 'error' | 'warning';
  title: string;
  /** The probe's own sentence. */
  detail: string;
  /** What the user can do about it. */
  fix: string;
}

export function gpusNotice(inventory: Pick<GpuInventory, 'state' | 'message' | 'gpus'>): GpusNotice | null {
  const detail = inventory.message;
  switch (inventory.state) {
    case 'no-nvidia-smi':
      return {
        tone: 'error',
        title: 'nvidia-smi is missing',
        detail,
        fix: 'Install the NVIDIA driver (it brings nvidia-smi) and make sure nvidia-smi is on the PATH of the user that runs DPGui. This page updates by itself once it answers.',
      };
    case 'no-gpus':
      return {
        tone: 'error',
        title: 'No GPU found',
        detail,
        fix: 'Check that the GPU is seated and powered and that the driver sees it (run nvidia-smi in a terminal). This page updates by itself once it appears.',
      };
    case 'error':
      return {
        tone: 'error',
        title: 'nvidia-smi could not be read',
        detail,
        fix: 'Run nvidia-smi in a terminal to see what it says; after a driver update, restarting the machine usually fixes it.',
      };
    case 'ok':
      // All GPUs read, but something on the side failed (e.g. the process list).
      return detail === ''
        ? null
        : {
            tone: 'warning',
            title: 'Part of the GPU report is missing',
            detail,
            fix: 'The numbers below are still current.',
          };
  }
}
