import type { Metrics } from './metrics';

/** The hook an in-memory service calls each time its model applies an event. */
export interface ModelAge {
  applied(at?: number): void;
}

/**
 * `strata_model_age_seconds`: seconds since the service's in-memory model applied its last event (SPEC §12). Until
 * the first event it counts from the model's start, when it held everything the streams had.
 */
export function modelAge(metrics: Metrics): ModelAge {
  let last = Date.now();
  metrics.observedGauge({ name: 'strata_model_age_seconds', help: 'Seconds since the in-memory model applied its last event.' }, (gauge) => {
    gauge.set(Math.max(0, Date.now() - last) / 1000);
  });
  return {
    applied: (at = Date.now()) => {
      last = at;
    },
  };
}
