import type { ServiceClient } from '../service-client';

/**
 * Who acted, by user id → email, for a page of history: one `projects.actors.resolve` for the ids this gateway has not
 * met yet, none once it has — a user's email never changes (`UserCreated` is a user's only event), so what was
 * resolved stays true. Bounded: the oldest are forgotten first.
 */
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, string>();

export async function emailsOf(ids: readonly string[], client: ServiceClient): Promise<ReadonlyMap<string, string>> {
  const missing = [...new Set(ids)].filter((id) => !remembered.has(id));
  if (missing.length > 0) {
    const { actors } = await client.call('projects.actors.resolve', { userIds: missing });
    for (const actor of actors) remember(actor.id, actor.email);
  }
  return remembered;
}

function remember(id: string, email: string): void {
  remembered.set(id, email);
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value ?? id);
}
