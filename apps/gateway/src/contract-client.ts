import { Injectable } from '@nestjs/common';
import { Services } from './services';

/** `{ [subject]: { request; response } }`, as each service's contracts declare them. */
type Contracts<Rpc> = { [Subject in keyof Rpc]: { request: unknown; response: unknown } };

/**
 * A service's request/reply contracts, typed by subject: a wrong payload does not compile. Decorated so its
 * constructor's parameter types are emitted: the subclasses inherit them for Nest's injection.
 */
@Injectable()
export abstract class ContractClient<Rpc extends Contracts<Rpc>> {
  constructor(private readonly services: Services) {}

  call<Subject extends keyof Rpc & string>(subject: Subject, request: Rpc[Subject]['request']): Promise<Rpc[Subject]['response']> {
    return this.services.request<Rpc[Subject]['response']>(subject, request);
  }
}
