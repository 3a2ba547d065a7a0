import { projects } from '@strata/contracts';

type EnvironmentSettings = projects.EnvironmentSettings;
type SettingsChanges = Partial<EnvironmentSettings>;

/** A new environment's settings: the defaults overlaid with what the request set (checked at the edge). */
export function initialSettings(changes: SettingsChanges = {}): EnvironmentSettings {
  return { ...projects.DEFAULT_ENVIRONMENT_SETTINGS, ...changes };
}

/** Only the settings whose value really changes. */
export function changedSettings(current: EnvironmentSettings, changes: SettingsChanges): SettingsChanges {
  const changed: SettingsChanges = {};
  for (const [name, value] of Object.entries(changes)) {
    if (JSON.stringify(current[name as keyof EnvironmentSettings]) !== JSON.stringify(value)) {
      Object.assign(changed, { [name]: value });
    }
  }
  return changed;
}
