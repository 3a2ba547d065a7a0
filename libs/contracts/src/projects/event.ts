/** The shape of every projects event (matches `Event` of `@strata/eventstore`; contracts depend on nothing). */
export interface DomainEvent<Type extends string, Data> {
  type: Type;
  data: Data;
}
