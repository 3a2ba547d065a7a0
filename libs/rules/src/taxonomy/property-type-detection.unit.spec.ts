import { detectPropertyType } from './property-type-detection';

describe('property type detection', () => {
  it.each([
    // key, value, detected type
    ['amount', 12.5, 'Numeric'],
    ['count', 0, 'Numeric'],
    ['count', -3, 'Numeric'],
    ['zip', '02139', 'String'],
    ['id', '42', 'String'],
    ['flag', true, 'Boolean'],
    ['flag', false, 'Boolean'],
    ['flag', 'true', 'Boolean'],
    ['flag', ' FALSE ', 'Boolean'],
    ['word', 'truthy', 'String'],
    ['day', '2024-02-29', 'DateTime'],
    ['day', '2023-02-29', 'String'],
    ['when', '2024-05-01T12:30:00Z', 'DateTime'],
    ['when', '2024-05-01T12:30:00.123+02:00', 'DateTime'],
    ['when', '2024-05-01 12:30', 'DateTime'],
    ['when', '2024-05-01T25:00:00Z', 'String'],
    ['when', '2024-13-01', 'String'],
    ['when', 'May 1st, 2024', 'String'],
    ['timestamp', 1_714_566_600, 'DateTime'],
    ['created_at', 1_714_566_600_000, 'DateTime'],
    ['signup-date', 1_714_566_600, 'DateTime'],
    ['updatedAt', 1_714_566_600, 'DateTime'],
    ['startTime', 1_714_566_600, 'DateTime'],
    ['timestamp', 12, 'Numeric'],
    ['runtime', 1_714_566_600, 'Numeric'],
    ['update', 1_714_566_600, 'Numeric'],
    ['amount', 1_714_566_600, 'Numeric'],
    ['utm_campaign', 2024, 'String'],
    ['$utm_source', 'true', 'String'],
    ['name', '', 'String'],
    ['name', 'Ada', 'String'],
    ['nothing', null, null],
    ['nested', { a: 1 }, null],
    ['list', [1, 2], null],
    ['missing', undefined, null],
    ['weird', Number.NaN, null],
    ['weird', Number.POSITIVE_INFINITY, null],
  ] as const)('%s = %p → %p', (key, value, expected) => {
    expect(detectPropertyType(key, value)).toBe(expected);
  });
});
