import { Module } from '@nestjs/common';
import { AdoptionHandlers } from './adoption/adoption.handlers';
import { CopyHandlers } from './copy/copy.handlers';
import { EntitiesHandlers } from './entities/entities.handlers';
import { FlagsHandlers } from './flags/flags.handlers';
import { historyProviders } from './history/actors';
import { HistoryHandlers } from './history/history.handlers';
import { TagsHandlers } from './tags/tags.handlers';
import { TransferHandlers } from './transfer/transfer.handlers';

/** The entities service: the nine entity kinds, their dependencies, tags, flag state per environment, overrides (SPEC §2, §4.4). */
@Module({ controllers: [EntitiesHandlers, FlagsHandlers, TagsHandlers, TransferHandlers, AdoptionHandlers, CopyHandlers, HistoryHandlers], providers: historyProviders })
export class EntitiesModule {}

export const entitiesModule = EntitiesModule;
