import type { ReactNode } from 'react';
import type { Environment } from './api/types';
import { ComparePage } from './compare/compare-page';
import { EntityDetail } from './entities/entity-detail';
import { EntityList } from './entities/entity-list';
import { KINDS } from './entities/kinds';
import { AccessPage } from './pages/access';
import { EnvironmentActivityPage, ProjectActivityPage } from './pages/activity';
import { ApiKeysPage } from './pages/api-keys';
import { KeysPage } from './pages/keys';
import { MembersPage } from './pages/members';
import { MergePage } from './pages/merge';
import { SettingsPage } from './pages/settings';
import { TaxonomyPage } from './pages/taxonomy';
import { TransferPage } from './pages/transfer';

/** One page of an environment: where the menu lists it, its URL section, and what it shows (`id` from the URL). */
export interface PageEntry {
  group: 'Entities' | 'Project' | 'Environment' | 'Organization';
  section: string;
  label: string;
  render: (props: { environment: Environment; id: string | null }) => ReactNode;
}

const page = (group: PageEntry['group'], section: string, label: string, View: (props: { environment: Environment }) => ReactNode): PageEntry => ({
  group,
  section,
  label,
  render: ({ environment }) => <View environment={environment} />,
});

/** Every page, registered here once: the menu and the router both read this table. */
export const PAGES: PageEntry[] = [
  ...KINDS.map(
    (kind): PageEntry => ({
      group: 'Entities',
      section: kind.collection,
      label: kind.label,
      render: ({ environment, id }) => (id ? <EntityDetail environment={environment} kind={kind} id={id} /> : <EntityList environment={environment} kind={kind} />),
    }),
  ),
  page('Project', 'taxonomy', 'Taxonomy', TaxonomyPage),
  page('Project', 'transfer', 'Export & import', TransferPage),
  page('Project', 'merge', 'Merge an environment', MergePage),
  page('Project', 'compare', 'Compare environments', ComparePage),
  page('Project', 'project-activity', 'Project activity', ProjectActivityPage),
  page('Environment', 'settings', 'Settings', SettingsPage),
  page('Environment', 'keys', 'SDK keys', KeysPage),
  page('Environment', 'access', 'Access', AccessPage),
  page('Environment', 'activity', 'Activity', EnvironmentActivityPage),
  page('Organization', 'members', 'Members', MembersPage),
  page('Organization', 'api-keys', 'Personal API keys', ApiKeysPage),
];

export const PAGE_GROUPS: PageEntry['group'][] = ['Entities', 'Project', 'Environment', 'Organization'];

export const pageOf = (section: string): PageEntry | undefined => PAGES.find((entry) => entry.section === section);
