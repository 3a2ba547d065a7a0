import { Controller } from '@nestjs/common';
import { entities, exportFormat } from '@strata/contracts';
import { handleBulkCommands, PostgresEventStore } from '@strata/eventstore';
import { HandlesTransfer, type TransferReply, type TransferReq } from '../common/edge';
import { environmentPage } from './export-environment';
import { featuresPage, segmentsPage, tagsPage } from './export-sections';
import { planImportCommands, type ImportRequest } from './import.plans';
import { appliedImport, recordImport } from './import-record';
import { isApplying, whileApplying } from './import-progress';
import { planReply } from './plan-reply';
import { discardStaged, stagedFile, stageChunk } from './staging';

const T = entities.EntitiesTransferSubjects;

/**
 * `entities.transfer.*` (SPEC §6): a project's flag setup read a page at a time in the export file's shapes, and an
 * import file staged in chunks, then applied as one atomic append (or only planned, for a dry run).
 */
@Controller()
export class TransferHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @HandlesTransfer(T.exportPage)
  async exportPage(request: TransferReq<'entities.transfer.exportPage'>): TransferReply<'entities.transfer.exportPage'> {
    switch (request.section) {
      case 'tags':
        return tagsPage(this.store.db, request);
      case 'segments':
        return segmentsPage(this.store.db, request);
      case 'features':
        return featuresPage(this.store.db, request);
      case 'environment':
        return environmentPage(this.store.db, request);
      default: {
        const _exhaustive: never = request.section;
        return _exhaustive;
      }
    }
  }

  @HandlesTransfer(T.stageImport)
  async stageImport(request: TransferReq<'entities.transfer.stageImport'>): TransferReply<'entities.transfer.stageImport'> {
    return { staged: await stageChunk(this.store.db, request) };
  }

  /** Staged text is discarded once an import is applied; a dry run keeps it (the job may still apply it). */
  @HandlesTransfer(T.applyImport)
  async applyImport({ importId, ...request }: TransferReq<'entities.transfer.applyImport'>): TransferReply<'entities.transfer.applyImport'> {
    if (request.dryRun) return planReply((await planImportCommands(this.store, await stagedFile(this.store.db, importId, request.projectId), request)).plan);
    return whileApplying(this.store.db, importId, async () => {
      const applied = await appliedImport(this.store, importId);
      if (applied !== undefined) {
        await discardStaged(this.store.db, importId, request.projectId);
        return applied;
      }
      const plan = await this.apply(importId, request);
      await discardStaged(this.store.db, importId, request.projectId);
      return plan === undefined ? ((await appliedImport(this.store, importId)) as entities.ApplyImportResponse) : planReply(plan);
    });
  }

  /** Asked by a job that waits on `applyImport`: applied, being applied, or lost with the instance that had it. */
  @HandlesTransfer(T.importProgress)
  async importProgress({ importId }: TransferReq<'entities.transfer.importProgress'>): TransferReply<'entities.transfer.importProgress'> {
    const applied = await appliedImport(this.store, importId);
    return { applied: applied ?? null, applying: applied === undefined && (await isApplying(this.store.db, importId)) };
  }

  @HandlesTransfer(T.discardImport)
  async discardImport({ importId, projectId }: TransferReq<'entities.transfer.discardImport'>): TransferReply<'entities.transfer.discardImport'> {
    await discardStaged(this.store.db, importId, projectId);
    return {};
  }

  /**
   * Planned again on every attempt: a lost race re-reads the project and re-plans on what won. The staged file is read
   * for each attempt too, and is not held past planning: while the events are decided and appended, only what the
   * commands took from it is alive.
   */
  private async apply(importId: string, request: ImportRequest): Promise<exportFormat.ImportPlan | undefined> {
    let plan: exportFormat.ImportPlan | undefined;
    await handleBulkCommands(this.store, async () => {
      // Another attempt of this job may have applied it meanwhile: then nothing is appended, and its record answers.
      if ((await appliedImport(this.store, importId)) !== undefined) {
        plan = undefined;
        return [];
      }
      const planned = await planImportCommands(this.store, await stagedFile(this.store.db, importId, request.projectId), request);
      plan = planned.plan;
      return [...planned.commands, recordImport(importId, request.projectId, planned.plan)];
    });
    return plan;
  }
}
