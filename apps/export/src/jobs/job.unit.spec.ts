import { ConflictError, NotFoundError, type exportJobs } from '@strata/contracts';
import { DeciderSpec } from '@strata/testing';
import { exportJobDecider } from './job';

const AT = '2026-01-01T00:00:00.000Z';
const principal = { userId: 'u', keyId: 'k', organizationLevels: {}, scopes: { organizations: null, environments: null } };
const requested: exportJobs.ExportJobEvent = { type: 'ExportRequested', data: { jobId: 'j', projectId: 1, principal, includeIdentityOverrides: false, requestedAt: AT } };
const completed: exportJobs.ExportJobEvent = { type: 'ExportCompleted', data: { jobId: 'j', projectId: 1, bytes: 10, chunks: 1, finishedAt: AT } };
const failed: exportJobs.ExportJobEvent = { type: 'ExportFailed', data: { jobId: 'j', projectId: 1, error: 'boom', finishedAt: AT } };

describe('a job', () => {
  const spec = DeciderSpec.for(exportJobDecider);

  it('is requested once', () => {
    spec.given([]).when({ type: 'request', event: requested }).then([requested]);
    spec.given([requested]).when({ type: 'request', event: requested }).thenThrows(ConflictError);
  });

  it('ends once: a resumed worker finishing an ended job decides nothing', () => {
    spec.given([requested]).when({ type: 'complete', event: completed }).then([completed]);
    spec.given([requested, completed]).when({ type: 'fail', event: failed }).then([]);
    spec.given([requested, failed]).when({ type: 'complete', event: completed }).then([]);
  });

  it('cannot end before it was requested', () => {
    spec.given([]).when({ type: 'fail', event: failed }).thenThrows(NotFoundError);
  });
});
