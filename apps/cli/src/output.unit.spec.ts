import { summaryTable } from './output';

/** The import summary the CLI prints (SPEC §9): counts per section, and why a section's elements were skipped. */
describe('the import summary table', () => {
  const counts = { created: 0, updated: 0, deleted: 0, skipped: 0 };

  it('lists each section with its counts, and says why identity overrides were skipped', () => {
    const text = summaryTable({
      features: { ...counts, created: 2 },
      identity_overrides: { ...counts, skipped: 3, skipped_because: 'the setting is off' },
    });
    expect(text.split('\n')).toEqual([
      'section             created  updated  deleted  skipped',
      '------------------  -------  -------  -------  -------',
      'features                  2        0        0        0',
      'identity_overrides        0        0        0        3',
      'identity_overrides: 3 skipped — the setting is off',
      '',
    ]);
  });

  it('adds nothing when nothing was skipped for a reason', () => {
    expect(summaryTable({ features: counts }).split('\n')).toHaveLength(4);
  });
});
