/**
 * An event as it travels on JetStream (`events.<service>.<EventType>`): the JSON body of the message. Headers carry
 * `Nats-Msg-Id` = `id` (JetStream de-duplication) and the `Headers` of `./headers`.
 */
export interface EventEnvelope<Type extends string = string, Data = unknown> {
  id: string;
  service: string;
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  type: Type;
  data: Data;
  metadata: { correlationId?: string; causationId?: string; actor?: string; [key: string]: unknown };
  /** ISO-8601 */
  createdAt: string;
}
