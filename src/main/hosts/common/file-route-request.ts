/**
 * A file route request (the contract's, the same on both hosts) as what the core's file service takes:
 * the guarded file, and the thumbnail size when one is asked for.
 */
import { defaultThumbnailSize, type FileRouteRequest } from '../../../shared/contract/file-route';
import type { FileRequest } from '../../core/files/file-access-guard';

export function fileRequestOfRoute(request: FileRouteRequest): {
  request: FileRequest;
  thumbnailSize: number | null;
} {
  switch (request.route) {
    case 'thumbnail':
      return {
        request: { source: 'dataset', datasetId: request.datasetId, path: request.path },
        thumbnailSize: request.size ?? defaultThumbnailSize,
      };
    case 'original':
      return {
        request: { source: 'dataset', datasetId: request.datasetId, path: request.path },
        thumbnailSize: null,
      };
    case 'job-output':
      return { request: { source: 'job-output', path: request.path }, thumbnailSize: request.size ?? null };
  }
}
