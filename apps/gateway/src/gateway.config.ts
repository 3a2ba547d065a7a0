import { baseConfigSchema, envVar } from '@strata/service-kit';

export const gatewayConfigSchema = baseConfigSchema.extend({
  /** Largest request body accepted (413 above): an import file of 10 MB plus its JSON envelope. */
  BODY_LIMIT_BYTES: envVar.int(1024).prefault(String(11 * 1024 * 1024)),
  /** `POST /api/signup` is the one open endpoint; operators of a closed instance switch it off. */
  SIGNUP_ENABLED: envVar.bool().prefault('true'),
});
