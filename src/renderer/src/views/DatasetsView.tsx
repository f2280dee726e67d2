import { ComesNext } from './ComesNext';

export function DatasetsView() {
  return (
    <ComesNext
      title="Datasets"
      what="The dataset view arrives in the next part of the trainer UI."
      will={[
        'Dataset folders used where they are (dropped or typed), never copied',
        'Image counts, captions found and missing, thumbnails',
        'The buckets sd-scripts will make at your resolution and batch size, and the steps per epoch',
      ]}
    />
  );
}
