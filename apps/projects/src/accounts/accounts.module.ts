import { Module } from '@nestjs/common';
import { ActorsHandlers } from './actors.handlers';
import { ApiKeysHandlers } from './api-keys.handlers';
import { MembersHandlers } from './members.handlers';
import { SignupHandlers } from './signup.handlers';

/** Organizations, users, memberships and personal API keys. */
@Module({ controllers: [SignupHandlers, MembersHandlers, ApiKeysHandlers, ActorsHandlers] })
export class AccountsModule {}
