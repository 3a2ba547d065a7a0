import type { ActorRef, projects } from '@strata/contracts';

/** Asks the projects service for the emails of users (`projects.actors.resolve`). */
export type ResolveActors = (userIds: string[]) => Promise<{ actors: readonly projects.Actor[] }>;

/**
 * Who acted, by user id → email, for pages of the change log (SPEC §10): one `projects.actors.resolve` for the ids not
 * met yet, none once they have been — a user's email never changes (`UserCreated` is a user's only event), so what was
 * resolved stays true. Bounded: the oldest are forgotten first. Held where a page is read and named (the entities
 * service for versions, the gateway for merged activity).
 */
export class ActorEmails {
  private readonly remembered = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  /** The actors of `ids` named, asking `resolve` once for those not known yet. */
  async named(ids: ReadonlyArray<string | null>, resolve: ResolveActors): Promise<(id: string | null) => ActorRef | null> {
    const missing = [...new Set(ids)].filter((id): id is string => id !== null && !this.remembered.has(id));
    if (missing.length > 0) for (const actor of (await resolve(missing)).actors) this.remember(actor.id, actor.email);
    return (id) => (id === null ? null : { id, email: this.remembered.get(id) ?? null });
  }

  private remember(id: string, email: string): void {
    this.remembered.set(id, email);
    if (this.remembered.size > this.max) this.remembered.delete(this.remembered.keys().next().value ?? id);
  }
}
