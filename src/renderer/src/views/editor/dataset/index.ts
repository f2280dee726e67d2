/** The editor's dataset section extras: add folders and see the buckets and steps they give. */
export { DatasetPanel, type DatasetPanelProps } from './DatasetPanel';
