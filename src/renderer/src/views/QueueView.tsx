export { QueueView } from './queue/QueueView';
