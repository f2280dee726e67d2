import { NotBuiltYet } from './NotBuiltYet';

export function QueueView() {
  return (
    <NotBuiltYet
      title="Queue"
      what="The job queue comes next: queued trainings, their order, hold and cancel. Nothing can be queued in this version."
    />
  );
}
