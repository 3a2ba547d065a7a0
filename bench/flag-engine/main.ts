// The flag engine's hot path on one core (SPEC §8: ≥ 1,000,000 flag evaluations/s):
//   npm run bench:flag-engine            (BENCH_SECONDS=3 by default)
// A 50-flag environment, each flag with 5 segment overrides (50 segments of nested rules, each overriding 5 flags),
// half the flags multivariate (as are a fifth of the overrides), evaluated for 1,000 identities with traits; beside a
// baseline from the same run: a bare loop reading the same 50 answers per identity from a Map.
import { compileEnvironment, type EnvironmentEvaluationContext, type FeatureContext, type IdentityContext, type SegmentContext } from '@strata/flag-engine';

const FLAGS = 50;
const SEGMENTS = 50;
const OVERRIDES_PER_SEGMENT = 5;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const PLANS = ['free', 'pro', 'team', 'enterprise'];
const COUNTRIES = ['FR', 'DE', 'US', 'GB', 'JP', 'BR'];

const variants = (n: number) => [
  { key: `v${n}-a`, value: `a-${n}`, weight: 30, priority: 1 },
  { key: `v${n}-b`, value: `b-${n}`, weight: 30, priority: 2 },
  { key: `v${n}-c`, value: `c-${n}`, weight: 20, priority: 3 },
];

function feature(n: number): FeatureContext {
  return { key: `flag-${n}`, name: `flag_${n}`, enabled: n % 3 !== 0, value: `value-${n}`, ...(n % 2 === 0 ? { variants: variants(n) } : {}) };
}

function segment(s: number): SegmentContext {
  return {
    key: `segment-${s}`,
    name: `segment_${s}`,
    rules: [
      {
        type: 'ALL',
        conditions: [{ property: '$.environment.name', operator: 'EQUAL', value: 'Production' }],
        rules: [
          {
            type: 'ANY',
            rules: [
              { type: 'ALL', conditions: [{ property: 'plan', operator: 'IN', value: PLANS.slice(s % 3, (s % 3) + 2).join(',') }, { property: 'age', operator: 'GREATER_THAN_INCLUSIVE', value: String(18 + (s % 30)) }] },
              { type: 'ALL', conditions: [{ property: 'country', operator: 'EQUAL', value: COUNTRIES[s % COUNTRIES.length] }, { property: 'app_version', operator: 'GREATER_THAN', value: `1.${s % 10}.0:semver` }] },
            ],
          },
          { type: 'NONE', conditions: [{ property: 'email', operator: 'REGEX', value: '.*@test\\.example$' }, { property: '', operator: 'PERCENTAGE_SPLIT', value: String(5 + (s % 20)) }] },
        ],
      },
    ],
    overrides: Array.from({ length: OVERRIDES_PER_SEGMENT }, (_, o) => {
      const n = (s + o * 10) % FLAGS;
      return { key: `override-${s}-${n}`, name: `flag_${n}`, enabled: true, value: `segment-${s}`, priority: s, ...(o === 0 && n % 2 === 0 ? { variants: variants(n) } : {}) };
    }),
  };
}

const context: EnvironmentEvaluationContext = {
  environment: { key: 'env-production', name: 'Production' },
  features: Object.fromEntries(Array.from({ length: FLAGS }, (_, n) => [`flag_${n}`, feature(n)])),
  segments: Object.fromEntries(Array.from({ length: SEGMENTS }, (_, s) => [`segment-${s}`, segment(s)])),
};

const identities: IdentityContext[] = Array.from({ length: 1_000 }, (_, i) => ({
  identifier: `user-${i}`,
  key: `env-production_user-${i}`,
  traits: { plan: PLANS[i % 4], country: COUNTRIES[i % 6], age: 16 + (i % 50), app_version: `1.${i % 12}.${i % 5}`, email: `user-${i}@${i % 10 === 0 ? 'test' : 'mail'}.example` },
}));

function measure(label: string, evaluateOne: (identity: IdentityContext) => number): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += evaluateOne(identities[i % identities.length]);
  let evaluations = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(SECONDS * 1e9);
  for (let i = 0; process.hrtime.bigint() < deadline; i++) {
    for (let j = 0; j < 100; j++) sink += evaluateOne(identities[(i * 100 + j) % identities.length]);
    evaluations += 100 * FLAGS;
  }
  const perSecond = evaluations / (Number(process.hrtime.bigint() - started) / 1e9);
  console.log(`${label.padEnd(52)} ${Math.round(perSecond).toLocaleString('en-US').padStart(14)} flag evaluations/s  (sink ${sink % 10})`);
  return perSecond;
}

const environment = compileEnvironment(context);
const names = Object.keys(context.features!);
const answers = new Map(identities.map((identity) => [identity.identifier, new Map(Object.entries(environment.evaluate(identity).flags))]));

const engine = measure('engine: compiled environment, evaluate(identity)', (identity) => {
  const { flags, segments } = environment.evaluate(identity);
  return segments.length + (flags.flag_0.enabled ? 1 : 0);
});
const baseline = measure('baseline: the same answers read from a Map', (identity) => {
  const flags = answers.get(identity.identifier)!;
  let enabled = 0;
  for (let n = 0; n < names.length; n++) if (flags.get(names[n])!.enabled) enabled++;
  return enabled;
});
console.log(`engine / baseline: ${(engine / baseline).toFixed(3)} (target: ≥ 1,000,000 flag evaluations/s)`);
