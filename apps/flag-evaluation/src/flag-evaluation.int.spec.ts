import { entities, flags, projects } from '@strata/contracts';
import { RpcClient } from '@strata/messaging';
import { RunningSystem, eventually } from '@strata/testing';
import { hashApiKey } from '@strata/service-kit';

const E = entities.EntitiesSubjects;
const P = projects.ProjectsSubjects;

describe('flag evaluation', () => {
  let system: RunningSystem;
  let rpc: RpcClient;
  let principal: projects.Principal;
  let staging: projects.Environment;
  let production: projects.Environment;
  const evaluate = (request: flags.EvaluateRequest) => rpc.request<flags.EvaluateResponse>(flags.FlagsSubjects.evaluate, request);
  const flagOf = async (request: flags.EvaluateRequest, key: string) => {
    const answer = await evaluate(request);
    return answer.ok ? answer.flags.find((flag) => flag.key === key) : undefined;
  };

  beforeAll(async () => {
    system = await RunningSystem.start({ apps: ['projects', 'entities', 'flag-evaluation'] });
    rpc = new RpcClient({ nc: await system.kit.nats(), prefix: system.kit.natsPrefix });
    const account = await rpc.request<projects.SignupResponse>(P.signup, { email: `flags-${system.kit.runId}@example.com`, organizationName: 'Acme' });
    ({ principal } = await rpc.request<{ principal: projects.Principal }>(P.authenticate, { secretHash: hashApiKey(account.personal_api_key.value) }));
    production = account.environment;
    staging = (await rpc.request<projects.CreateEnvironmentResponse>(P.createEnvironment, { principal, projectId: account.project.id, environment: { name: 'Staging' } })).result;
  });

  afterAll(async () => {
    rpc?.close();
    await system?.stop();
  });

  const scope = (environment: projects.Environment) => ({ projectId: environment.project_id, environmentId: environment.id });
  const createFlag = async (environment: projects.Environment, fields: Record<string, unknown>, isProjectWide = true) =>
    (await rpc.request<entities.EntityResponse>(E.create, { in: scope(environment), kind: 'feature_flag', fields, isProjectWide })).result;

  it('answers each environment its own state of a shared flag, and never a sibling’s own flag', async () => {
    const shared = await createFlag(staging, { key: 'new-checkout', default_enabled: false });
    const own = await createFlag(staging, { key: 'staging-only', default_enabled: true }, false);
    await rpc.request(E.updateFlagState, { in: scope(staging), flagId: shared.id, changes: { enabled: true, feature_state_value: { type: 'unicode', string_value: 'blue' } } });

    await eventually(async () => expect(await flagOf({ key: staging.api_token }, 'new-checkout')).toMatchObject({ enabled: true, value: 'blue', reason: 'DEFAULT' }));
    expect(await flagOf({ key: production.api_token }, 'new-checkout')).toMatchObject({ enabled: false, value: null });
    expect(await flagOf({ key: staging.api_token }, 'staging-only')).toMatchObject({ id: own.id, enabled: true });
    expect(await flagOf({ key: production.api_token }, 'staging-only')).toBeUndefined();
    expect(await evaluate({ key: production.api_token, flag: 'staging-only' })).toMatchObject({ ok: false, error: 'flag_not_found' });
  });

  it('targets a cohort through a rollout group, and lets an identity override win over it', async () => {
    const cohort = (
      await rpc.request<entities.EntityResponse>(E.create, {
        in: scope(production),
        kind: 'cohort',
        fields: { name: 'Pro plan', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }] }] },
        isProjectWide: true,
      })
    ).result;
    const flag = await createFlag(production, { key: 'pro-banner' });
    await rpc.request(E.updateFlagState, {
      in: scope(production),
      flagId: flag.id,
      changes: { segment_overrides: [{ segment_id: cohort.id, priority: 1, scope: 'project', enabled: true }] },
    });
    await rpc.request(E.setIdentityOverride, { in: scope(staging), flagId: flag.id, identifier: 'vip', enabled: true });

    const pro = { key: staging.api_token, identifier: 'ada', traits: [{ trait_key: 'plan', trait_value: 'pro' }] };
    await eventually(async () => expect(await flagOf(pro, 'pro-banner')).toMatchObject({ enabled: true, reason: 'TARGETING_MATCH; segment=Pro plan' }));
    expect(await flagOf({ ...pro, traits: { plan: 'free' } }, 'pro-banner')).toMatchObject({ enabled: false, reason: 'DEFAULT' });
    await eventually(async () => expect(await flagOf({ key: staging.api_token, identifier: 'vip' }, 'pro-banner')).toMatchObject({ enabled: true, reason: 'IDENTITY_OVERRIDE' }));
    expect(await flagOf({ key: production.api_token, identifier: 'vip' }, 'pro-banner')).toMatchObject({ enabled: false });
  });

  it('refuses an unknown key and malformed traits, and stops answering a rotated token', async () => {
    expect(await evaluate({ key: 'phc_nope' })).toMatchObject({ ok: false, error: 'unknown_key' });
    expect(await evaluate({ key: staging.api_token, traits: [{ trait_key: 'plan', trait_value: { nested: true } }] as never })).toMatchObject({ ok: false, error: 'invalid_request', attr: 'traits.0' });
    const reset = await rpc.request<projects.CreateEnvironmentResponse>(P.resetEnvironmentToken, { principal, environmentId: staging.id });
    await eventually(async () => expect(await evaluate({ key: staging.api_token })).toMatchObject({ ok: false, error: 'unknown_key' }));
    expect(await evaluate({ key: reset.result.api_token })).toMatchObject({ ok: true });
  });
});
