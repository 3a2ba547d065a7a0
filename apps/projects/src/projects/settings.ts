import { ValidationError, projects } from '@strata/contracts';

type EnvironmentSettings = projects.EnvironmentSettings;
type SettingsChanges = Partial<EnvironmentSettings>;

const MAX_BANNER_TEXT_LENGTH = 255;
const MAX_LIST_LENGTH = 100;
const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const KNOWN_TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/**
 * Checks every setting present in `changes` and returns them normalised; throws `ValidationError` with `attr` =
 * the setting's name for the first one that is wrong. Absent settings are left alone.
 */
export function validSettingsChanges(changes: SettingsChanges): SettingsChanges {
  const valid: SettingsChanges = {};
  for (const name of Object.keys(changes) as (keyof EnvironmentSettings)[]) {
    if (!(projects.ENVIRONMENT_SETTING_NAMES as readonly string[]).includes(name)) {
      throw new ValidationError(`Unknown setting '${name}'.`, name, 'unknown_field');
    }
    Object.assign(valid, { [name]: validSetting(name, changes[name]) });
  }
  return valid;
}

function validSetting(name: keyof EnvironmentSettings, value: unknown): unknown {
  switch (name) {
    case 'app_urls':
      return urlList(value, name, isAppUrl, 'Each entry must be an http(s) URL.');
    case 'recording_domains':
      return urlList(value, name, isOrigin, 'Each entry must be an http(s) origin such as https://example.com.');
    case 'timezone':
      return timeZone(value, name);
    case 'minimum_change_request_approvals':
      if (value === null) return null;
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
      throw new ValidationError('Must be a whole number of at least 0, or null.', name);
    case 'banner_text':
      if (value === null) return null;
      if (typeof value === 'string' && value.length <= MAX_BANNER_TEXT_LENGTH) return value;
      throw new ValidationError(`Must be text of at most ${MAX_BANNER_TEXT_LENGTH} characters, or null.`, name);
    case 'banner_colour':
      if (value === null) return null;
      if (typeof value === 'string' && HEX_COLOUR.test(value)) return value;
      throw new ValidationError('Must be a hex colour such as #ffcc00, or null.', name);
    case 'hide_disabled_flags':
      if (value === null || typeof value === 'boolean') return value;
      throw new ValidationError('Must be true, false or null.', name);
    case 'allow_client_traits':
    case 'use_identity_composite_key_for_hashing':
    case 'hide_sensitive_data':
    case 'use_v2_feature_versioning':
    case 'use_identity_overrides_in_local_eval':
      if (typeof value === 'boolean') return value;
      throw new ValidationError('Must be true or false.', name);
    default: {
      const _exhaustive: never = name;
      return _exhaustive;
    }
  }
}

function urlList(value: unknown, name: string, accepts: (url: URL) => boolean, detail: string): string[] {
  if (!Array.isArray(value) || value.length > MAX_LIST_LENGTH) {
    throw new ValidationError(`Must be a list of at most ${MAX_LIST_LENGTH} entries.`, name);
  }
  const entries = value.map((entry) => {
    const url = typeof entry === 'string' ? parseUrl(entry.trim()) : null;
    if (url === null || !accepts(url)) throw new ValidationError(`${detail} Got: ${JSON.stringify(entry)}.`, name);
    return (entry as string).trim();
  });
  return [...new Set(entries)];
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function isAppUrl(url: URL): boolean {
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
}

function isOrigin(url: URL): boolean {
  return isAppUrl(url) && url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
}

/** Any IANA zone or alias (`Europe/Kyiv`, `Etc/UTC`); `Intl.supportedValuesOf` lists canonical names only. */
function timeZone(value: unknown, name: string): string {
  if (typeof value === 'string' && value.length > 0) {
    const canonical = canonicalTimeZone(value);
    if (canonical !== null && (KNOWN_TIME_ZONES.has(canonical) || canonical === 'UTC')) return value;
  }
  throw new ValidationError(`${JSON.stringify(value)} is not a valid IANA time zone.`, name);
}

function canonicalTimeZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A new environment's settings: the defaults overlaid with what the request set. */
export function initialSettings(changes: SettingsChanges = {}): EnvironmentSettings {
  return { ...projects.DEFAULT_ENVIRONMENT_SETTINGS, ...validSettingsChanges(changes) };
}

/** Only the settings whose value really changes. */
export function changedSettings(current: EnvironmentSettings, changes: SettingsChanges): SettingsChanges {
  const changed: SettingsChanges = {};
  for (const [name, value] of Object.entries(validSettingsChanges(changes))) {
    if (JSON.stringify(current[name as keyof EnvironmentSettings]) !== JSON.stringify(value)) {
      Object.assign(changed, { [name]: value });
    }
  }
  return changed;
}
