/*
 * metrics.h - CloudWatch-like datapoints.
 *
 * A tt_series keeps the recent datapoints of one metric, one slot per period,
 * each present or missing, as CloudWatch would hold them for an alarm.  A
 * tt_metric_source turns what happened in a period (invocations, in-service
 * capacity over time) into that period's datapoint, following the policy's
 * metric: a predefined type by the law that defines it (policy.h,
 * tt_metric_law: counts per unit, Little's law, the utilization law,
 * capacity units), or a declared model.
 */
#ifndef TTSIM_METRICS_H
#define TTSIM_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/diag.h"
#include "metric_math.h"
#include "ttsim/policy.h"
#include "ttsim/rng.h"
#include "ttsim/scenario.h"
#include "ttsim/simtime.h"

/* A ring of the last `cap` periods' datapoints. */
typedef struct tt_series {
	double *value;
	unsigned char *present;
	size_t cap; /* periods kept: older ones have fallen out */
	/* period k is in slot k & mask: the ring is a power of two >= cap,
	 * so no division finds a slot */
	size_t mask;
	int64_t newest; /* the latest period written, -1 before any */
} tt_series;

tt_code tt_series_init(tt_series *s, size_t cap);
void tt_series_release(tt_series *s);

/*
 * Record period k's datapoint.  Periods are written in increasing order;
 * periods skipped over read as missing.
 */
void tt_series_put(tt_series *s, int64_t k, bool present, double value);

/*
 * Period k's datapoint: true and *value when present; false when missing,
 * not yet written, before the start (k < 0) or fallen out of the ring.
 * Inline: a policy's evaluation reads five periods (two for each of its
 * sliding alarms, one for its view), and a call cost more than the lookup.
 */
static inline bool tt_series_get(const tt_series *s, int64_t k, double *value)
{
	if (k < 0 || k > s->newest || k <= s->newest - (int64_t)s->cap)
		return false;
	size_t slot = (size_t)k & s->mask;
	if (!s->present[slot])
		return false;
	*value = s->value[slot];
	return true;
}

/*
 * What the fleet did during one period, as the fluid engine measures it.
 * Capacity is piecewise constant between events, so these integrals are
 * exact.
 */
typedef struct tt_period_load {
	tt_time_us start_us; /* where the period starts (recorded models) */
	tt_time_us len_us;
	uint64_t invocations; /* arrived in the period (served or not) */
	double active_us;     /* integral of in-service count dt */
	double inv_active_us; /* integral of 1 / in-service dt, where > 0 */
	tt_time_us served_us; /* time with at least one instance in service */
	int active_lo;        /* least and most instances in service over */
	int active_hi;        /* the served time (0 when none) */
	/* request mode: measured, not modelled */
	bool request;
	double ipi_sum;       /* sum over arrivals of 1 / in service */
	double busy_slot_us;  /* integral of busy worker slots dt */
	int peak_outstanding; /* most in flight + queued on one instance */
	double service_us;    /* sum of the finished requests' service times */
	uint64_t completed;   /* requests finished */
	/* requests that found nothing serving (NoCapacityInvocationFailures):
	 * measured in request mode, the unserved share of the period's
	 * invocations in fluid mode */
	double no_capacity;
} tt_period_load;

/* Add b's figures to a (to build a 60 s period from 10 s ones). */
void tt_period_load_add(tt_period_load *a, const tt_period_load *b);

typedef enum tt_source_kind {
	TT_SOURCE_INVOCATIONS_PER_INSTANCE, /* and every count per unit */
	TT_SOURCE_CONCURRENT_REQUESTS,      /* in flight per unit */
	TT_SOURCE_UTILIZATION,              /* busy share of the slots */
	TT_SOURCE_CAPACITY_UNITS,           /* consumed / provisioned units */
	TT_SOURCE_LINEAR,
	TT_SOURCE_CPU,           /* request mode: busy slot-time */
	TT_SOURCE_MODEL_LATENCY, /* request mode: mean service time, us */
	TT_SOURCE_INVOCATIONS,   /* the period's invocations (Sum) */
	TT_SOURCE_NO_DATA,       /* dimensions no data has: always missing */
	TT_SOURCE_NO_CAPACITY,   /* requests failed with no copy serving */
	TT_SOURCE_MATH           /* metric math: the children, then the math */
} tt_source_kind;

typedef struct tt_metric_source {
	tt_source_kind kind;
	tt_zero_traffic zero_traffic;
	double service_s;             /* in flight, utilization (fluid): the
	                                 mean service time */
	double scale;                 /* utilization, capacity units: 100
	                                 for a percentage, 1 for a ratio */
	const tt_metric_model *model; /* linear: borrowed from the scenario */
	tt_statistic statistic;       /* model, cpu; in flight (request
	                                 mode): Maximum the peak, else the
	                                 time average */
	tt_rng noise;                 /* model: per-instance noise, stream
	                                 TT_RNG_METRIC_NOISE + policy index */
	int concurrency;              /* cpu, utilization: worker slots per
	                                 instance */
	int vcpus;                    /* cpu: 100 % per vCPU */
	/*
	 * math: the policy's queries (borrowed) and one child source per
	 * query, indexed like the queries; only the MetricStat queries'
	 * children are initialised, each resolved as a single custom metric.
	 */
	const tt_metric_math *math;
	struct tt_metric_source *children;
} tt_metric_source;

/*
 * Resolve a policy's metric against the scenario.  A predefined type
 * follows its law (tt_predefined_info), or a model declared under its
 * CloudWatch metric's name; TT_EINVAL at the metric specification when
 * the law needs what the scenario lacks ('instance.service_time' in fluid
 * mode, a model under 'metrics:'), the message naming the key to add.  A
 * custom metric without a model: TT_EINVAL with a "did you mean" when its
 * name is close to a known one.  For metric math, the same errors at the
 * MetricStat query whose metric has none.  The source may own memory
 * (metric math's children): release it with tt_metric_source_release,
 * also after a failure.  The policy must outlive the source.
 */
tt_code tt_metric_source_init(tt_metric_source *src, const tt_scenario *s,
                              const tt_policy *p, tt_diag *d);

/* Free what a source owns.  Accepts NULL and a zeroed source. */
void tt_metric_source_release(tt_metric_source *src);

/*
 * Whether a custom metric in a SageMaker namespace (AWS/SageMaker,
 * /aws/sagemaker/Endpoints, /aws/sagemaker/InferenceComponents) names
 * dimensions the scenario's resource publishes: EndpointName and
 * VariantName for a variant, InferenceComponentName for an inference
 * component, with the resource's values.  True for other namespaces (the
 * user publishes those).  When false, `why` says what AWS would have.
 */
bool tt_metric_dimensions_match(const tt_scenario *s, const tt_metric_spec *m,
                                char *why, size_t why_size);

/*
 * The datapoint for a period.  In request mode the metrics are measured:
 * InvocationsPerInstance is the sum each arrival adds (1 / in service),
 * ConcurrentRequestsPerModel the most requests outstanding on one instance
 * (another in-flight metric: the time average of busy slots per
 * instance), a utilization the busy fraction of the worker slots,
 * CPUUtilization that x 100 x vCPUs, and ModelLatency the mean service
 * time of the requests finished (missing when none finished).  In fluid
 * mode: InvocationsPerInstance: every invocation adds 1/(in-service count
 * when it arrived), arrivals spread evenly over the period, so the value
 * is invocations/len * integral(1/active); in flight and utilization by
 * Little's law from the same per-instance rate.  Missing when no instance
 * was in service at any time in the period, and, for the metrics counted
 * from the traffic with zero_traffic missing, when no invocation arrived.
 * NoCapacityInvocationFailures is the exception: it counts precisely what
 * happens with nothing in service, so it has a datapoint then, and
 * follows zero_traffic when nothing failed (SPEC.md 13.2).
 */
bool tt_metric_datapoint(tt_metric_source *src, const tt_period_load *load,
                         double *value);

/* ---- a user alarm's metric (SPEC.md 12.2) ---- */

/*
 * Resolve user alarm `alarm`'s metric (s->alarms[alarm].metric) as
 * tt_metric_source_init resolves a policy's, with the same errors; its
 * model's noise has a stream of its own, after every policy's.
 */
tt_code tt_metric_source_init_alarm(tt_metric_source *src, const tt_scenario *s,
                                    size_t alarm, tt_diag *d);

/*
 * The period of the datapoints a metric publishes (60 s, or 10 s for a
 * high-resolution one) and the delay before they are visible, as for a
 * target-tracking policy on the same metric.
 */
tt_time_us tt_metric_resolution_us(const tt_scenario *s,
                                   const tt_metric_spec *m);
tt_time_us tt_metric_delay_us(const tt_scenario *s, const tt_metric_spec *m);

/*
 * How long before an evaluation an alarm's newest bucket ends: the
 * smallest multiple of its Period >= delay + max(0, resolution - Period)
 * (SPEC.md 12.2): the newest bucket whose datapoints are all visible.
 */
tt_time_us tt_alarm_lag_us(tt_time_us period_us, tt_time_us resolution_us,
                           tt_time_us delay_us);

/*
 * A user alarm's buckets: bucket j covers [j x Period, (j+1) x Period)
 * from the run's start, and holds the alarm's Statistic over the
 * datapoints stamped inside it (Sum and SampleCount add, Average
 * averages, Minimum and Maximum keep the extreme); a bucket with none is
 * missing.  A datapoint of resolution r is stamped at its period's start,
 * so with Period < r most buckets are missing.  Each bucket is written to
 * `series` as soon as its last datapoint is in, and never changes after:
 * the alarm's sliding window relies on it.
 */
typedef struct tt_buckets {
	tt_series series; /* indexed by bucket */
	tt_time_us period_us;
	tt_time_us resolution_us;
	tt_statistic statistic;
	int64_t open; /* the bucket being filled; -1 before any */
	uint64_t count;
	double sum, lo, hi;
} tt_buckets;

/* Buckets of `period_us` over datapoints every `resolution_us`, keeping
 * the last `cap`.  TT_ENOMEM. */
tt_code tt_buckets_init(tt_buckets *b, tt_time_us period_us,
                        tt_time_us resolution_us, tt_statistic statistic,
                        size_t cap);
void tt_buckets_release(tt_buckets *b);

/*
 * The datapoint of the resolution period starting at `stamp_us` (present
 * or missing), in increasing order of stamps, every one of them.
 */
void tt_buckets_add(tt_buckets *b, tt_time_us stamp_us, bool present,
                    double value);

#endif
