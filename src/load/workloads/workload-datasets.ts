import type { Workload } from '../../experiment/load-schema.js';
import { readDataset, type DatasetPrompt } from './dataset.js';

/** Reads each dataset file the workload's mix names, once however many entries use it. */
export function readWorkloadDatasets(workload: Workload): Map<string, DatasetPrompt[]> {
  const datasets = new Map<string, DatasetPrompt[]>();
  for (const { request } of workload.mix) {
    if (request.dataset !== undefined && !datasets.has(request.dataset))
      datasets.set(request.dataset, readDataset(request.dataset));
  }
  return datasets;
}
