import { type DynamicModule, Module } from '@nestjs/common';
import { MapperState } from './mapper-state';
import { ResolveHandlers } from './resolve/resolve.handlers';

/** The ingestion-mapping service: the ingestion hot path's read model, in memory (SPEC §2, §5). */
@Module({})
export class IngestionMappingModule {
  static forRoot(state: MapperState): DynamicModule {
    return {
      module: IngestionMappingModule,
      controllers: [ResolveHandlers],
      providers: [{ provide: MapperState, useValue: state }],
    };
  }
}
