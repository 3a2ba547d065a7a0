import { canonicalJson } from './canonical';

describe('canonicalJson: the export written in one order whatever order its parts came in (SPEC §6)', () => {
  it('writes the format’s keys in the seed’s order, other keys alphabetically, and an environment’s lists last', () => {
    const environment = {
      feature_segments: [],
      hide_disabled_flags: false,
      feature_states: [{ multivariate_feature_state_values: [], feature_state_value: null, enabled: true, feature: 'a' }],
      allow_client_traits: true,
      name: 'prod',
    };

    expect(canonicalJson(environment)).toBe(
      '{"name":"prod","allow_client_traits":true,"hide_disabled_flags":false,' +
        '"feature_states":[{"feature":"a","enabled":true,"feature_state_value":null,"multivariate_feature_state_values":[]}],"feature_segments":[]}',
    );
  });

  it('writes allocations by option index with their keys in order (jsonb keeps the shorter key first)', () => {
    const state = { multivariate_feature_state_values: [{ percentage_allocation: 30, multivariate_feature_option: 1 }, { multivariate_feature_option: 0, percentage_allocation: 70 }] };

    expect(canonicalJson(state)).toBe('{"multivariate_feature_state_values":[{"multivariate_feature_option":0,"percentage_allocation":70},{"multivariate_feature_option":1,"percentage_allocation":30}]}');
  });

  it('keeps the order of ordered arrays, leaves undefined fields out, and writes what JSON.stringify writes otherwise', () => {
    const feature = { multivariate_options: [{ type: 'unicode', string_value: 'b', default_percentage_allocation: 0 }, { string_value: 'a', type: 'unicode', default_percentage_allocation: 0 }], name: 'x', environment: undefined, tags: ['z', 'a'] };
    const parsed: unknown = JSON.parse(canonicalJson(feature));

    expect(canonicalJson(feature)).toBe('{"name":"x","tags":["z","a"],"multivariate_options":[{"type":"unicode","string_value":"b","default_percentage_allocation":0},{"type":"unicode","string_value":"a","default_percentage_allocation":0}]}');
    expect(parsed).toEqual(JSON.parse(JSON.stringify(feature)));
    expect(canonicalJson('a "quoted"\u2028 text')).toBe(JSON.stringify('a "quoted"\u2028 text'));
  });
});

describe('canonicalJson of a whole file', () => {
  it('writes the sections in the seed’s order', () => {
    const file = { environments: [], features: [], segments: [], tags: [], exported_at: 't', version: 1 };

    expect(canonicalJson(file)).toBe('{"version":1,"exported_at":"t","tags":[],"segments":[],"features":[],"environments":[]}');
  });
});
