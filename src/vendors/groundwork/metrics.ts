import type { components } from '../../generated/groundwork.js';
import { MAX_METRICS, MAX_SAMPLES, type MetricRecord, type ServiceRecord } from './state.js';
import { gwTime, plainValue } from './transit.js';
import type { Instant } from './time.js';

type TimeSeries = components['schemas']['TransitTimeSeries'];
type Threshold = components['schemas']['TransitThreshold'];

/** A threshold's number; the SDK writes -1 for "not set". */
function thresholdValue(threshold: Threshold): number | undefined {
  const value = threshold.value ? plainValue(threshold.value) : undefined;
  return typeof value === 'number' && value !== -1 ? value : undefined;
}

const THRESHOLD_FIELDS = { Warning: 'warning', Critical: 'critical', Min: 'min', Max: 'max' } as const;

/**
 * Keeps one sample of each time series on its service: the metric is found or added by name (the
 * oldest dropped beyond MAX_METRICS), unit, tags and thresholds are the latest sent, and the sample
 * (its interval's end, else the request's time) joins the last MAX_SAMPLES. A series without a
 * value (`null`, `UnspecifiedType`) updates the metric's description only.
 */
export function recordMetrics(service: ServiceRecord, series: readonly TimeSeries[], now: Instant): void {
  const metrics = (service.metrics ??= []);
  for (const ts of series) {
    let metric = metrics.find((m) => m.name === ts.metricName);
    if (!metric) {
      metric = { name: ts.metricName, samples: [] } satisfies MetricRecord;
      metrics.push(metric);
      if (metrics.length > MAX_METRICS) metrics.shift();
    }
    if (ts.unit) metric.unit = ts.unit;
    if (ts.tags && Object.keys(ts.tags).length > 0) metric.tags = { ...ts.tags };
    for (const threshold of ts.thresholds ?? []) {
      if (threshold.sampleType === 'Value') continue;
      const value = thresholdValue(threshold);
      if (value === undefined) Reflect.deleteProperty(metric, THRESHOLD_FIELDS[threshold.sampleType]);
      else metric[THRESHOLD_FIELDS[threshold.sampleType]] = value;
    }
    const value = ts.value ? plainValue(ts.value) : undefined;
    if (value === undefined) continue;
    const end = ts.interval?.endTime;
    metric.samples.push({ time: end === undefined || end === null ? now.timestamp : gwTime(end), value });
    if (metric.samples.length > MAX_SAMPLES) metric.samples.splice(0, metric.samples.length - MAX_SAMPLES);
  }
}
