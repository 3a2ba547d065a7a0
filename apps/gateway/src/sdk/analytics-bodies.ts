import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** `POST /api/v1/analytics/flags/`'s bodies for the OpenAPI document (the route reads the body with `analyticsBodyOf`). */

export const analyticsRequest = z
  .record(z.string(), z.number().int().min(0))
  .meta({ description: '{<feature name>: <count>}: how often the SDK evaluated each flag since its last post', example: { 'new-checkout': 12 } });

export const analyticsAnswer = z.object({
  ignored: z.array(z.string()).meta({ description: 'the names this key’s environment does not show (nothing counted for them)' }),
});

export class AnalyticsRequestDto extends createZodDto(analyticsRequest) {}
export class AnalyticsAnswerDto extends createZodDto(analyticsAnswer) {}
