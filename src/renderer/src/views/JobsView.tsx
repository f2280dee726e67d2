import { NotBuiltYet } from './NotBuiltYet';

export function JobsView() {
  return (
    <NotBuiltYet
      title="Jobs"
      what="The job view (live log, progress, loss chart, samples and checkpoints) arrives with the trainer UI; the supervisor behind it runs already."
    />
  );
}
