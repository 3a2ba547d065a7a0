/**
 * Environment settings (SPEC §1). Keys are snake_case because they are the settings' names in the HTTP API and in
 * the export file format (seed 004); they travel unchanged in events, messages and bodies.
 */
export interface FlagSettings {
  /** `null`: change requests are off. */
  minimum_change_request_approvals: number | null;
  allow_client_traits: boolean;
  banner_text: string | null;
  /** `#rgb` or `#rrggbb` */
  banner_colour: string | null;
  hide_disabled_flags: boolean | null;
  use_identity_composite_key_for_hashing: boolean;
  hide_sensitive_data: boolean;
  use_v2_feature_versioning: boolean;
  use_identity_overrides_in_local_eval: boolean;
}

export interface EnvironmentSettings extends FlagSettings {
  /** Toolbar authorized URLs (`https://app.example.com`, wildcards like `https://*.example.com` allowed). */
  app_urls: string[];
  /** Replay authorized domains: origins only (`https://example.com`). */
  recording_domains: string[];
  /** IANA time zone name. */
  timezone: string;
}

export type EnvironmentSettingName = keyof EnvironmentSettings;

export const ENVIRONMENT_SETTING_NAMES = [
  'app_urls',
  'recording_domains',
  'timezone',
  'minimum_change_request_approvals',
  'allow_client_traits',
  'banner_text',
  'banner_colour',
  'hide_disabled_flags',
  'use_identity_composite_key_for_hashing',
  'hide_sensitive_data',
  'use_v2_feature_versioning',
  'use_identity_overrides_in_local_eval',
] as const satisfies readonly EnvironmentSettingName[];

/** What a new environment starts with unless the request says otherwise (Flagsmith's defaults for flag settings). */
export const DEFAULT_ENVIRONMENT_SETTINGS: Readonly<EnvironmentSettings> = Object.freeze({
  app_urls: [],
  recording_domains: [],
  timezone: 'UTC',
  minimum_change_request_approvals: null,
  allow_client_traits: true,
  banner_text: null,
  banner_colour: null,
  hide_disabled_flags: null,
  use_identity_composite_key_for_hashing: true,
  hide_sensitive_data: false,
  use_v2_feature_versioning: false,
  use_identity_overrides_in_local_eval: true,
});

/**
 * Exactly the settings of `source` — an environment's body, or settings recorded before a setting existed — each one
 * absent or `null` there at its default (every nullable setting defaults to `null`), in `ENVIRONMENT_SETTING_NAMES` order.
 */
export function environmentSettingsOf(source: Partial<EnvironmentSettings>): EnvironmentSettings {
  const settings = { ...DEFAULT_ENVIRONMENT_SETTINGS };
  // A plain loop: this runs for every environment read.
  for (const name of ENVIRONMENT_SETTING_NAMES) copySetting(settings, source, name);
  return settings;
}

function copySetting<Name extends EnvironmentSettingName>(into: EnvironmentSettings, from: Partial<EnvironmentSettings>, name: Name): void {
  const value = from[name];
  if (value !== undefined && value !== null) into[name] = value;
}
