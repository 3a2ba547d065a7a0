import type { PropertyType } from '@strata/contracts/taxonomy';

/**
 * How a property's type is detected from one value it was seen with. The ingestion mapper applies this to each
 * value it sees; taxonomy keeps the first detected type of a definition (see the taxonomy README for the rules):
 *
 * 1. `null`, objects and arrays have no type (`null`): they neither create a type nor block a later one.
 * 2. Under keys starting with `utm_` or `$utm_`, numbers and strings are `String` (campaign values like `2024` are labels).
 * 3. `true` / `false` → `Boolean`; so are the strings `"true"` / `"false"`, any case, surrounding spaces ignored.
 * 4. A finite number → `Numeric`, except under a time-like key holding a plausible unix time (seconds or
 *    milliseconds between 2000-01-01 and 2100-01-01) → `DateTime`. Time-like keys end in `time`, `timestamp`, `date`
 *    or `at` after a separator (`timestamp`, `created_at`, `signup-date`) or in camel case (`startTime`, `updatedAt`);
 *    `runtime` and `update` are not time-like.
 * 5. A string in ISO-8601 form — `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM`, optional `:SS`,
 *    optional fraction, optional `Z` or `±HH:MM` — with a real calendar date → `DateTime`.
 * 6. Any other string → `String`, **numeric strings included** (`"02139"`, `"42"`): they are usually ids and codes,
 *    and calling them Numeric would make filters drop their leading zeros. A user can still set `Numeric`.
 */
export function detectPropertyType(key: string, value: unknown): PropertyType | null {
  switch (typeof value) {
    case 'boolean':
      return 'Boolean';
    case 'number':
      if (!Number.isFinite(value)) return null;
      if (isCampaignKey(key)) return 'String';
      return isTimeLikeKey(key) && isPlausibleUnixTime(value) ? 'DateTime' : 'Numeric';
    case 'string':
      if (isCampaignKey(key)) return 'String';
      if (isBooleanString(value)) return 'Boolean';
      return isIsoDateTime(value) ? 'DateTime' : 'String';
    default:
      return null;
  }
}

const CAMPAIGN_KEY = /^\$?utm_/i;
const SNAKE_TIME_KEY = /(?:^|[_\-.\s$])(?:time|timestamp|date|at)$/i;
const CAMEL_TIME_KEY = /[a-z0-9](?:Time|Timestamp|Date|At)$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const UNIX_SECONDS_FROM = 946_684_800; // 2000-01-01
const UNIX_SECONDS_TO = 4_102_444_800; // 2100-01-01

function isCampaignKey(key: string): boolean {
  return CAMPAIGN_KEY.test(key);
}

/** `timestamp`, `time`, `created_at`, `signup-date`, `startTime`, `updatedAt` — but not `runtime` or `update`. */
function isTimeLikeKey(key: string): boolean {
  return SNAKE_TIME_KEY.test(key) || CAMEL_TIME_KEY.test(key);
}

function isPlausibleUnixTime(value: number): boolean {
  const seconds = value >= UNIX_SECONDS_FROM * 1000 ? value / 1000 : value;
  return seconds >= UNIX_SECONDS_FROM && seconds < UNIX_SECONDS_TO;
}

function isBooleanString(value: string): boolean {
  // Cheap gate: only strings of a plausible length are trimmed and compared.
  if (value.length < 4 || value.length > 64) return false;
  const word = value.trim().toLowerCase();
  return word === 'true' || word === 'false';
}

function isIsoDateTime(value: string): boolean {
  // Cheap gate first: most strings are not dates, and this runs for every string property of every event.
  if (value.length < 10 || value.length > 35 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const match = ISO_DATE_TIME.exec(value);
  if (match === null) return false;
  const [, year, month, day, hours, minutes, seconds] = match;
  if (!isCalendarDate(Number(year), Number(month), Number(day))) return false;
  if (hours === undefined) return true;
  return Number(hours) < 24 && Number(minutes) < 60 && (seconds === undefined || Number(seconds) < 60);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}
