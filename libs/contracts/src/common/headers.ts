/** Headers every NATS message and HTTP request may carry (SPEC §3). Lower-case: NATS headers are case-sensitive. */
export const Headers = {
  correlationId: 'x-correlation-id',
  causationId: 'x-causation-id',
  /** Who asked: `user:<id>`, `key:<id>`, `service:<name>` or `anonymous`. */
  actor: 'x-actor',
} as const;

/** Who or what caused a change; recorded in every event's metadata. */
export interface MessageContext {
  correlationId: string;
  causationId?: string;
  actor: string;
}
