import { settingsChangesSchema } from './settings-schema';

type Changes = Record<string, unknown>;

/** The path of the first issue, naming the unknown key for a misspelt setting (as the edge's `attr` does). */
function refusedAt(changes: Changes): readonly PropertyKey[] {
  const result = settingsChangesSchema.safeParse(changes);
  if (result.success) throw new Error(`accepted ${JSON.stringify(changes)}`);
  const [issue] = result.error.issues;
  return issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys] : issue.path;
}

describe('environment settings schema', () => {
  it.each<[string, Changes]>([
    ['app URLs with paths and wildcards', { app_urls: ['https://app.example.com/dashboard', 'https://*.example.com', 'http://localhost:3000'] }],
    ['recording origins', { recording_domains: ['https://example.com', 'https://*.example.com'] }],
    ['canonical, alias and UTC zones', { timezone: 'Europe/Kyiv' }],
    ['UTC', { timezone: 'UTC' }],
    ['a change-request minimum of 0', { minimum_change_request_approvals: 0 }],
    ['no change-request minimum', { minimum_change_request_approvals: null }],
    ['a short hex colour', { banner_colour: '#fc0' }],
    ['a long hex colour and banner text', { banner_colour: '#FFCC00', banner_text: 'Production — careful' }],
    ['tri-state hide_disabled_flags', { hide_disabled_flags: null }],
    ['flag switches', { allow_client_traits: false, hide_sensitive_data: true, use_v2_feature_versioning: true }],
  ])('accepts %s', (_, changes) => {
    expect(settingsChangesSchema.parse(changes)).toEqual(changes);
  });

  it.each<[Changes, string]>([
    [{ app_urls: ['not a url'] }, 'app_urls'],
    [{ app_urls: ['ftp://example.com'] }, 'app_urls'],
    [{ app_urls: 'https://example.com' }, 'app_urls'],
    [{ recording_domains: ['https://example.com/path'] }, 'recording_domains'],
    [{ recording_domains: ['example.com'] }, 'recording_domains'],
    [{ timezone: 'Mars/Base' }, 'timezone'],
    [{ timezone: '+01:00' }, 'timezone'],
    [{ minimum_change_request_approvals: -1 }, 'minimum_change_request_approvals'],
    [{ minimum_change_request_approvals: 1.5 }, 'minimum_change_request_approvals'],
    [{ minimum_change_request_approvals: '2' }, 'minimum_change_request_approvals'],
    [{ banner_colour: 'red' }, 'banner_colour'],
    [{ banner_colour: '#12345' }, 'banner_colour'],
    [{ banner_text: 'x'.repeat(256) }, 'banner_text'],
    [{ hide_disabled_flags: 'yes' }, 'hide_disabled_flags'],
    [{ allow_client_traits: null }, 'allow_client_traits'],
    [{ favourite_colour: 'blue' }, 'favourite_colour'],
  ])('refuses %j at %s', (changes, attr) => {
    expect(refusedAt(changes)[0]).toBe(attr);
  });

  it('collapses duplicate URLs', () => {
    expect(settingsChangesSchema.parse({ app_urls: ['https://a.example.com', ' https://a.example.com '] })).toEqual({
      app_urls: ['https://a.example.com'],
    });
  });
});
