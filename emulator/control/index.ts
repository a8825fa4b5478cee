/** The control-plane operations the emulator serves, by the name in `X-Amz-Target: AmazonPersonalize.<name>`. */
import type { OperationHandler } from '../context';
import { createCampaign, deleteCampaign, describeCampaign, updateCampaign } from './campaigns';
import {
  createDataset,
  createDatasetGroup,
  createSchema,
  deleteDataset,
  deleteDatasetGroup,
  deleteSchema,
  describeDataset,
  describeDatasetGroup,
  describeSchema,
} from './datasets';
import {
  createEventTracker,
  createFilter,
  deleteEventTracker,
  deleteFilter,
  describeEventTracker,
  describeFilter,
} from './filters';
import { createDatasetImportJob, describeDatasetImportJob } from './imports';
import {
  createSolution,
  createSolutionVersion,
  deleteSolution,
  describeSolution,
  describeSolutionVersion,
  getSolutionMetrics,
  listSolutionVersions,
  stopSolutionVersionCreation,
  updateSolution,
} from './solutions';

export const CONTROL_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  CreateDatasetGroup: createDatasetGroup,
  DescribeDatasetGroup: describeDatasetGroup,
  DeleteDatasetGroup: deleteDatasetGroup,
  CreateSchema: createSchema,
  DescribeSchema: describeSchema,
  DeleteSchema: deleteSchema,
  CreateDataset: createDataset,
  DescribeDataset: describeDataset,
  DeleteDataset: deleteDataset,
  CreateDatasetImportJob: createDatasetImportJob,
  DescribeDatasetImportJob: describeDatasetImportJob,
  CreateSolution: createSolution,
  DescribeSolution: describeSolution,
  UpdateSolution: updateSolution,
  DeleteSolution: deleteSolution,
  CreateSolutionVersion: createSolutionVersion,
  DescribeSolutionVersion: describeSolutionVersion,
  ListSolutionVersions: listSolutionVersions,
  StopSolutionVersionCreation: stopSolutionVersionCreation,
  GetSolutionMetrics: getSolutionMetrics,
  CreateCampaign: createCampaign,
  DescribeCampaign: describeCampaign,
  UpdateCampaign: updateCampaign,
  DeleteCampaign: deleteCampaign,
  CreateFilter: createFilter,
  DescribeFilter: describeFilter,
  DeleteFilter: deleteFilter,
  CreateEventTracker: createEventTracker,
  DescribeEventTracker: describeEventTracker,
  DeleteEventTracker: deleteEventTracker,
};
