import { randomUUID } from 'node:crypto';
import { eventStreamName, eventSubject, type projects } from '@strata/contracts';
import { follow } from './follow';
import { ensureEventStream } from './streams';
import { eventually, SpecNats, testNamespace } from '@strata/testing';
import type { StreamFollower } from './stream-follower';

const { prefix: runPrefix } = testNamespace('messaging_follow');
const encoder = new TextEncoder();

describe('follow', () => {
  const nats = SpecNats.forSpecs('messaging-follow-spec', runPrefix, (jsm, prefix) => ensureEventStream(jsm, 'projects', prefix));

  async function publish(prefix: string, type: projects.ProjectsEventType, data: unknown, streamPosition = 1): Promise<void> {
    const envelope = { id: randomUUID(), service: 'projects', streamId: 'project-1', streamPosition, globalPosition: streamPosition, type, data, metadata: {}, createdAt: '' };
    await nats.nc.jetstream().publish(eventSubject('projects', type, prefix), encoder.encode(JSON.stringify(envelope)));
  }

  function track(follower: StreamFollower): StreamFollower {
    nats.running.push(follower);
    return follower;
  }

  it('replays the backlog before caughtUp, narrowed to the listed types, skips what it cannot read, then follows live', async () => {
    const prefix = await nats.ownStream('all');
    await publish(prefix, 'ProjectCreated', { projectId: 1, name: 'a' }, 1);
    await publish(prefix, 'ProjectRenamed', { projectId: 1, name: 'b' }, 2);
    await nats.nc.jetstream().publish(eventSubject('projects', 'ProjectDeleted', prefix), encoder.encode('{not json'));
    await publish(prefix, 'ProjectDeleted', { projectId: 1, deletedAt: '' }, 3);
    const applied: string[] = [];
    const skipped: string[] = [];
    const follower = track(
      follow({
        nc: nats.nc,
        prefix,
        from: 'projects',
        events: ['ProjectCreated', 'ProjectDeleted'],
        handle: (event) => applied.push(event.type === 'ProjectCreated' ? `created ${event.data.name}` : `deleted ${event.data.projectId} @${event.streamPosition}`),
        onSkipped: (reason) => skipped.push(reason),
      }),
    );

    await follower.start();
    await follower.caughtUp;
    const atCatchUp = [...applied];
    await publish(prefix, 'ProjectCreated', { projectId: 2, name: 'live' }, 1);

    expect(atCatchUp).toEqual(['created a', 'deleted 1 @3']);
    expect(skipped).toEqual([expect.stringContaining('not valid JSON')]);
    await eventually(() => expect(applied).toEqual(['created a', 'deleted 1 @3', 'created live']));
    expect(follower.applied).toBe(3);
  });

  it('follows only what is published after start when asked for new events, caught up at once', async () => {
    const prefix = await nats.ownStream('new');
    await publish(prefix, 'ProjectCreated', { projectId: 1, name: 'before' });
    const applied: string[] = [];
    const follower = track(follow({ nc: nats.nc, prefix, from: 'projects', events: ['ProjectCreated'], deliver: 'new', handle: (event) => applied.push(event.data.name) }));

    await follower.start();
    await follower.caughtUp;
    await publish(prefix, 'ProjectCreated', { projectId: 2, name: 'after' });

    await eventually(() => expect(applied).toEqual(['after']));
  });

  it('resumes after the last event it saw when its consumer is lost', async () => {
    const prefix = await nats.ownStream('lost');
    const stream = eventStreamName('projects', prefix);
    const applied: string[] = [];
    const follower = track(follow({ nc: nats.nc, prefix, from: 'projects', events: ['ProjectCreated'], handle: (event) => applied.push(event.data.name) }));
    await publish(prefix, 'ProjectCreated', { projectId: 1, name: 'first' });
    await follower.start();
    await follower.caughtUp;

    for await (const name of await nats.jsm.consumers.list(stream)) await nats.jsm.consumers.delete(stream, name.name);
    await publish(prefix, 'ProjectCreated', { projectId: 2, name: 'second' });

    await eventually(() => expect(applied).toEqual(['first', 'second']), 20_000);
  });
});
