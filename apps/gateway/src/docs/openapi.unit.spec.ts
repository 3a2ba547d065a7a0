import type { OpenAPIObject } from '@nestjs/swagger';
import { keepCanonicalCollections, markLegacyAliases } from './openapi';

const document = (paths: Record<string, Record<string, { operationId: string }>>): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths,
});

describe('the OpenAPI document', () => {
  it('lists a collection once, with the SPEC’s trailing slash', () => {
    const doc = keepCanonicalCollections(
      document({
        '/api/v2/projects': { get: { operationId: 'Projects_list[0]' } },
        '/api/v2/projects/': { get: { operationId: 'Projects_list[1]' } },
        '/api/v2/projects/{project_id}': { get: { operationId: 'Projects_get' } },
      }),
    );

    expect(Object.keys(doc.paths)).toEqual(['/api/v2/projects/', '/api/v2/projects/{project_id}']);
  });

  it('marks the legacy alias deprecated with operation ids of its own', () => {
    const doc = markLegacyAliases(
      document({
        '/api/v2/environments/{env_id}': { get: { operationId: 'Environments_get[0]' } },
        '/api/projects/{env_id}': { get: { operationId: 'Environments_get[1]' } },
      }),
    );

    expect(doc.paths['/api/v2/environments/{env_id}'].get).toEqual({ operationId: 'Environments_get' });
    expect(doc.paths['/api/projects/{env_id}'].get).toEqual({ operationId: 'legacy_Environments_get', deprecated: true });
  });
});
