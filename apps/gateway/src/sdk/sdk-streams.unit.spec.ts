import { changeMessage, eventIdOf, ofrepEventStreams, streamUri } from './sdk-streams';

const version = { tag: '"k3Yp0"', changedAt: new Date('2026-12-07T10:00:00.250Z') };

describe('SDK stream messages (SPEC §4.5)', () => {
  it('Flagsmith: a named environment_updated event with updated_at in epoch seconds, its id the version', () => {
    expect(changeMessage('flagsmith', version)).toBe('id: k3Yp0\nevent: environment_updated\ndata: {"updated_at":1796637600.25}\n\n');
  });

  it('OFREP: an unnamed event whose JSON says refetchEvaluation, with the version as ETag (ADR-0008)', () => {
    expect(changeMessage('ofrep', version)).toBe('id: k3Yp0\ndata: {"type":"refetchEvaluation","etag":"\\"k3Yp0\\"","lastModified":1796637600}\n\n');
  });

  it('an id is the version without its quotes: one line, the same from every instance', () => {
    expect(eventIdOf(version)).toBe('k3Yp0');
  });

  it('names the stream by path alone, the key escaped', () => {
    expect(streamUri('ser.a/b', 'flagsmith')).toBe('/sse/environments/ser.a%2Fb/stream');
    expect(ofrepEventStreams('phc_x')).toEqual([{ type: 'sse', endpoint: { requestUri: '/sse/environments/phc_x/ofrep' } }]);
  });
});
