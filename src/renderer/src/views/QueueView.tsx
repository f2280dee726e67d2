import { NotBuiltYet } from './NotBuiltYet';

export function QueueView() {
  return (
    <NotBuiltYet
      title="Queue"
      what="The queue's screen (queued trainings, their order, hold and cancel) comes with the trainer UI. The queue itself runs already: jobs can be queued through the API (see /api/openapi.json)."
    />
  );
}
