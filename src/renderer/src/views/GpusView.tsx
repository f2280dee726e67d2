import { NotBuiltYet } from './NotBuiltYet';

export function GpusView() {
  return (
    <NotBuiltYet
      title="GPUs"
      what="The GPU list (name, memory, what runs on each) arrives with the trainer UI; the host already reads nvidia-smi (gpus.list)."
    />
  );
}
