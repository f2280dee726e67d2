import { ComesNext } from './ComesNext';

export function EditorView() {
  return (
    <ComesNext
      title="Editor"
      what="The training editor arrives in the next part of the trainer UI."
      will={[
        'A form for sd-scripts, diffusion-pipe and generic trainers, generated from each trainer’s schema',
        'Opening a saved TOML from LoRA_Easy_Training_Scripts or kohya_ss, keeping unknown keys visible',
        'Problems named at the field before anything runs, then “Add to queue”',
      ]}
    />
  );
}
