import { Injectable } from '@nestjs/common';
import type { taxonomy } from '@strata/contracts';
import { ContractClient } from '../contract-client';

@Injectable()
export class TaxonomyClient extends ContractClient<taxonomy.TaxonomyRpc> {}
