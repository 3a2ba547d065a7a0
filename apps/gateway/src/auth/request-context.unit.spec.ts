import { Get, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { type MessageContext, projects } from '@strata/contracts';
import { currentContext } from '@strata/messaging';
import { HttpErrorFilter } from '../http/error.filter';
import { ServiceClient } from '../service-client';
import { Authenticator } from './authenticator';
import { PrincipalCache } from './principal-cache';
import { ApiController, Caller, OpenEndpoint, RequestContextGuard, RequestContextHook } from './request-context';

const KEY = `phx_${'k'.repeat(43)}`;
const principal: projects.Principal = {
  userId: '0190a000-0000-7000-8000-000000000001',
  keyId: '0190a000-0000-7000-8000-000000000002',
  organizationLevels: {},
  scopes: { organizations: null, environments: null },
};

/** What each NATS request would carry: the context open when the client was called. */
const sent: Array<{ subject: string; context: MessageContext | undefined }> = [];

class FakeProjectsClient {
  async call(subject: string): Promise<unknown> {
    sent.push({ subject, context: { ...currentContext()! } });
    return { principal };
  }
}

@ApiController('spec', 'spec')
class SpecController {
  @Get('who')
  async who(@Caller() caller: projects.Principal): Promise<{ userId: string }> {
    await new FakeProjectsClient().call('spec.after-await');
    return { userId: caller.userId };
  }

  @Post('open')
  @OpenEndpoint()
  async open(): Promise<{ ok: true }> {
    await new FakeProjectsClient().call('spec.open');
    return { ok: true };
  }
}

describe('the request context of an API route', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      controllers: [SpecController],
      providers: [
        Authenticator,
        RequestContextGuard,
        RequestContextHook,
        { provide: ServiceClient, useClass: FakeProjectsClient },
        { provide: PrincipalCache, useValue: new PrincipalCache({ ttlMs: 60_000, maxEntries: 10 }) },
      ],
    }).compile();
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new HttpErrorFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());
  beforeEach(() => sent.splice(0));

  it('authenticates as anonymous, then sends as the user, with the caller’s correlation id throughout', async () => {
    const answer = await app.inject({ method: 'GET', url: '/spec/who', headers: { authorization: `Bearer ${KEY}`, 'x-correlation-id': 'trace-1' } });

    expect(answer.statusCode).toBe(200);
    expect(answer.headers['x-correlation-id']).toBe('trace-1');
    expect(sent).toEqual([
      { subject: projects.ProjectsSubjects.authenticate, context: { correlationId: 'trace-1', actor: 'anonymous' } },
      { subject: 'spec.after-await', context: { correlationId: 'trace-1', actor: `user:${principal.userId}` } },
    ]);
  });

  it('refuses a missing key with 401 before the handler runs, still echoing a new correlation id', async () => {
    const answer = await app.inject({ method: 'GET', url: '/spec/who' });

    expect(answer.statusCode).toBe(401);
    expect(answer.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent).toEqual([]);
  });

  it('runs an open endpoint as anonymous, without asking for a key', async () => {
    const answer = await app.inject({ method: 'POST', url: '/spec/open', headers: { 'x-correlation-id': 'trace-2' } });

    expect(answer.statusCode).toBe(201);
    expect(sent).toEqual([{ subject: 'spec.open', context: { correlationId: 'trace-2', actor: 'anonymous' } }]);
  });
});
