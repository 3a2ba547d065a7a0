import { projects } from '@strata/contracts';
import { changedSettings, initialSettings } from './settings';

// What each setting accepts is the contract's rule: libs/contracts/src/projects/settings-schema.unit.spec.ts.
describe('environment settings', () => {
  it('start from the defaults', () => {
    expect(initialSettings()).toEqual(projects.DEFAULT_ENVIRONMENT_SETTINGS);
  });

  it('report only what changes', () => {
    const current = initialSettings({ app_urls: ['https://a.example.com'] });
    expect(changedSettings(current, { app_urls: ['https://a.example.com'], timezone: 'Asia/Tokyo' })).toEqual({ timezone: 'Asia/Tokyo' });
  });
});
