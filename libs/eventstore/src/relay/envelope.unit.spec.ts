import { Headers } from '@strata/contracts';
import type { RecordedEvent } from '../types';
import { envelopeHeaders, toEnvelope } from './envelope';

const event: RecordedEvent = {
  id: '0190a0b2-7c3d-7000-8000-000000000001',
  streamId: 'environment-1',
  streamPosition: 2,
  globalPosition: 41,
  transactionId: '733',
  type: 'EnvironmentRenamed',
  data: { name: 'staging' },
  metadata: { correlationId: 'corr-1', causationId: 'cmd-1', actor: 'user:7', tenant: 'x' },
  createdAt: new Date('2026-01-02T03:04:05.006Z'),
};

describe('event envelope', () => {
  it('carries the event as SPEC §3 describes the JetStream body', () => {
    expect(toEnvelope('projects', event)).toEqual({
      id: event.id,
      service: 'projects',
      streamId: 'environment-1',
      streamPosition: 2,
      globalPosition: 41,
      type: 'EnvironmentRenamed',
      data: { name: 'staging' },
      metadata: event.metadata,
      createdAt: '2026-01-02T03:04:05.006Z',
    });
  });

  it('copies correlation, causation and actor into headers, and only those present', () => {
    const full = envelopeHeaders(event);
    const bare = envelopeHeaders({ ...event, metadata: { actor: 'service:projects' } });

    expect([full.get(Headers.correlationId), full.get(Headers.causationId), full.get(Headers.actor)]).toEqual(['corr-1', 'cmd-1', 'user:7']);
    expect(bare.has(Headers.correlationId)).toBe(false);
    expect(bare.get(Headers.actor)).toBe('service:projects');
  });
});
