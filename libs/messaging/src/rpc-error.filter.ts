import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import type { WireError } from '@strata/contracts';
import { throwError, type Observable } from 'rxjs';
import { toWireError } from './rpc-codec';

/**
 * Answers every error a handler throws with its wire form: `StrataError`s as they are, anything else as an
 * `InternalError` (logged with its stack). Without it, Nest's default filter would flatten a `NotFoundError` into
 * "Internal server error".
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RpcErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<WireError> {
    const subject = host.switchToRpc().getContext<NatsContext>().getSubject();
    return throwError(() => toWireError(exception, this.logger, subject));
  }
}
