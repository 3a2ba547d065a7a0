import { Module } from '@nestjs/common';
import { ApiKeysHandlers } from './api-keys.handlers';
import { MembersHandlers } from './members.handlers';
import { SignupHandlers } from './signup.handlers';

/** Organizations, users, memberships and personal API keys. */
@Module({ controllers: [SignupHandlers, MembersHandlers, ApiKeysHandlers] })
export class AccountsModule {}
