import { z } from 'zod';
import type { Same } from '../common/schemas';
import type { EnvironmentSettings } from './settings';

/** The rules of each environment setting (SPEC §1), checked wherever a setting enters: HTTP body or NATS message. */

export const MAX_BANNER_TEXT_LENGTH = 255;
export const MAX_URL_LIST_LENGTH = 100;
const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

function urlList(accepts: (url: URL | undefined) => boolean, detail: string) {
  return z
    .array(z.string().trim())
    .max(MAX_URL_LIST_LENGTH, `Must be a list of at most ${MAX_URL_LIST_LENGTH} entries.`)
    .superRefine((entries, context) => {
      const wrong = entries.find((entry) => !accepts(parseUrl(entry)));
      if (wrong !== undefined) context.addIssue({ code: 'custom', message: `${detail} Got: ${JSON.stringify(wrong)}.` });
    })
    .transform((entries) => [...new Set(entries)]);
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function isAppUrl(url: URL | undefined): boolean {
  return url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
}

function isOrigin(url: URL | undefined): boolean {
  return isAppUrl(url) && url?.pathname === '/' && url.search === '' && url.hash === '' && url.username === '';
}

const KNOWN_TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/**
 * Any IANA zone or alias (`Europe/Kyiv`, `Etc/UTC`) whose canonical name `Intl` lists; `Intl.supportedValuesOf` lists
 * canonical names only, and leaves out `UTC` itself. Offsets such as `+01:00` are no zone, whatever the runtime accepts.
 */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0) return false;
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return KNOWN_TIME_ZONES.has(canonical) || canonical === 'UTC';
  } catch {
    return false;
  }
}

export const environmentSettingsShape = {
  app_urls: urlList(isAppUrl, 'Each entry must be an http(s) URL.').meta({ description: 'toolbar URLs; wildcards like https://*.example.com allowed' }),
  recording_domains: urlList(isOrigin, 'Each entry must be an http(s) origin such as https://example.com.'),
  timezone: z.string().refine(isTimeZone, 'Must be a valid IANA time zone.').meta({ description: 'IANA time zone name' }),
  minimum_change_request_approvals: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
  allow_client_traits: z.boolean(),
  banner_text: z.string().max(MAX_BANNER_TEXT_LENGTH).nullable(),
  banner_colour: z.string().regex(HEX_COLOUR, 'Must be a hex colour such as #ffcc00, or null.').nullable(),
  hide_disabled_flags: z.boolean().nullable(),
  use_identity_composite_key_for_hashing: z.boolean(),
  hide_sensitive_data: z.boolean(),
  use_v2_feature_versioning: z.boolean(),
  use_identity_overrides_in_local_eval: z.boolean(),
};

/** Some settings, each checked; keys are the settings' names in every casing context (export format, events). */
export const settingsChangesSchema = z.strictObject(environmentSettingsShape).partial();

/** Every setting, as an environment holds them (a response). */
export const environmentSettingsSchema = z.object(environmentSettingsShape);

const _settingsInSync: Same<z.output<typeof environmentSettingsSchema>, EnvironmentSettings> = true;
void _settingsInSync;
