import { Module } from '@nestjs/common';
import { AccessHandlers } from './access.handlers';

/** Explicit grants on restricted environments. */
@Module({ controllers: [AccessHandlers] })
export class AccessModule {}
