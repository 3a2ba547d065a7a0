import { projects } from '../index';

describe('projects contracts', () => {
  it('name every event type once', () => {
    expect(new Set(projects.PROJECTS_EVENT_TYPES).size).toBe(projects.PROJECTS_EVENT_TYPES.length);
    expect(projects.isProjectsEventType('EnvironmentTokenReset')).toBe(true);
    expect(projects.isProjectsEventType('TeamCreated')).toBe(false);
  });

  it('use projects.<verb> subjects, each once', () => {
    const subjects = Object.values(projects.ProjectsSubjects);
    expect(new Set(subjects).size).toBe(subjects.length);
    for (const subject of subjects) expect(subject).toMatch(/^projects\.[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)?$/);
  });

  it('recognise tokens and keys by prefix and length', () => {
    expect(projects.isEnvironmentToken(`phc_${'A-_z'.repeat(10)}abc`)).toBe(true);
    expect(projects.isEnvironmentToken(`phc_${'a'.repeat(42)}`)).toBe(false);
    expect(projects.isPersonalApiKey(`phx_${'a'.repeat(43)}`)).toBe(true);
    expect(projects.isPersonalApiKey(`phc_${'a'.repeat(43)}`)).toBe(false);
    expect(projects.visiblePrefixOf(`phx_abcd${'e'.repeat(39)}`)).toBe('phx_abcd');
    expect(projects.isServerKey(`ser.${'A-_z'.repeat(10)}abc`)).toBe(true);
    expect(projects.isServerKey(`ser_${'a'.repeat(43)}`)).toBe(false);
    expect(projects.visiblePrefixOf(`ser.abcd${'e'.repeat(39)}`)).toBe('ser.abcd');
  });

  it('list every setting with a default', () => {
    expect(Object.keys(projects.DEFAULT_ENVIRONMENT_SETTINGS).sort()).toEqual([...projects.ENVIRONMENT_SETTING_NAMES].sort());
  });
});
