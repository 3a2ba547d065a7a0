import { ActorEmails, type ResolveActors } from './actor-emails';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

function directory(emails: Record<string, string>): ResolveActors & { asked: string[][] } {
  const asked: string[][] = [];
  const resolve = async (userIds: string[]) => {
    asked.push(userIds);
    return { actors: userIds.filter((id) => id in emails).map((id) => ({ id, email: emails[id] })) };
  };
  return Object.assign(resolve, { asked });
}

describe('Actor emails', () => {
  it('names a page’s actors with one lookup of the distinct ids not met yet, none once met', async () => {
    const emails = new ActorEmails();
    const projects = directory({ [A]: 'a@example.com', [B]: 'b@example.com' });

    const first = await emails.named([A, A, null, B], projects);
    const second = await emails.named([B, A], projects);

    expect(projects.asked).toEqual([[A, B]]);
    expect([first(A), first(null), second(B)]).toEqual([{ id: A, email: 'a@example.com' }, null, { id: B, email: 'b@example.com' }]);
  });

  it('names a user the projects service does not know by id alone, and asks again next time', async () => {
    const emails = new ActorEmails();
    const projects = directory({});

    expect((await emails.named([A], projects))(A)).toEqual({ id: A, email: null });
    await emails.named([A], projects);

    expect(projects.asked).toEqual([[A], [A]]);
  });

  it('forgets the oldest beyond its bound', async () => {
    const emails = new ActorEmails(1);
    const projects = directory({ [A]: 'a@example.com', [B]: 'b@example.com' });

    await emails.named([A], projects);
    await emails.named([B], projects);
    await emails.named([A], projects);

    expect(projects.asked).toEqual([[A], [B], [A]]);
  });
});
