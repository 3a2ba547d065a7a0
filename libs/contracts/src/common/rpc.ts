/** What a service's `XSubjects` constant and its `XRpc` map (subject → request and response) are built from. */
export type SubjectOf<Subjects extends Readonly<Record<string, string>>> = Subjects[keyof Subjects];

interface RpcEntry {
  request: unknown;
  response: unknown;
}

export type RequestOf<Rpc extends Record<S, RpcEntry>, S extends keyof Rpc> = Rpc[S]['request'];
export type ResponseOf<Rpc extends Record<S, RpcEntry>, S extends keyof Rpc> = Rpc[S]['response'];

/** `true` only when `Rpc` has an entry for every subject and none besides: `true satisfies CoversSubjects<…>`. */
export type CoversSubjects<Subject extends string, Rpc> = [Exclude<Subject, keyof Rpc>, Exclude<keyof Rpc, Subject>] extends [never, never]
  ? true
  : false;
