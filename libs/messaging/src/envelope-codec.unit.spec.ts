import { headers } from 'nats';
import { contextOfEvent, decodeEnvelope, retryDelay } from './envelope-codec';

const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const id = '01890a5d-ac96-774b-bcce-b302099a8057';

describe('event envelope codec', () => {
  it('decodes an envelope and refuses what the consumer cannot process', () => {
    expect(decodeEnvelope(encode({ id, type: 'Created', data: {} }))).toMatchObject({ ok: true, envelope: { id, type: 'Created', metadata: {} } });
    expect(decodeEnvelope(encode('{nope'))).toEqual({ ok: false, reason: 'body is not valid JSON' });
    expect(decodeEnvelope(encode([1]))).toEqual({ ok: false, reason: 'body is not a JSON object' });
    expect(decodeEnvelope(encode({ id: 'seven', type: 'Created' }))).toEqual({ ok: false, reason: 'envelope id is not a UUID' });
    expect(decodeEnvelope(encode({ id }))).toEqual({ ok: false, reason: 'envelope type is missing' });
  });

  it('builds the context from the metadata, then the headers, with the event as the cause', () => {
    const fromHeaders = headers();
    fromHeaders.set('x-correlation-id', 'corr-h');
    fromHeaders.set('x-actor', 'user:1');
    const envelope = { id, service: 'projects', streamId: 's', streamPosition: 1, globalPosition: 1, type: 'T', data: {}, createdAt: '' };

    expect(contextOfEvent({ ...envelope, metadata: { correlationId: 'corr-m', actor: 'user:2' } }, fromHeaders)).toEqual({ correlationId: 'corr-m', causationId: id, actor: 'user:2' });
    expect(contextOfEvent({ ...envelope, metadata: {} }, fromHeaders)).toEqual({ correlationId: 'corr-h', causationId: id, actor: 'user:1' });
    expect(contextOfEvent({ ...envelope, metadata: {} }, undefined)).toEqual({ correlationId: id, causationId: id, actor: 'anonymous' });
  });

  it('backs off by attempt, repeating the last step', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay([100, 500, 2_000], attempt))).toEqual([100, 500, 2_000, 2_000]);
    expect(retryDelay([], 3)).toBe(0);
  });
});
