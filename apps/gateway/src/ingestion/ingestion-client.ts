import { Injectable } from '@nestjs/common';
import type { ingestion } from '@strata/contracts';
import { ContractClient } from '../contract-client';

@Injectable()
export class IngestionClient extends ContractClient<ingestion.IngestionRpc> {}
