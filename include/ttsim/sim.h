/*
 * sim.h - one simulation run.
 *
 * tt_sim_run wires the parts together on one engine and plays the scenario:
 *
 *   workload -> fleet -> metrics -> alarms -> controller -> fleet
 *
 * Every metric period it hands a timeline row to the caller's recorder, and
 * every scaling decision (taken or not) and activity completion an event;
 * at the end it fills a summary.  The run keeps no history of its own, so
 * memory does not grow with the length of the trace.
 */
#ifndef TTSIM_SIM_H
#define TTSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ttsim/decision.h"
#include "ttsim/diag.h"
#include "ttsim/elasticity.h"
#include "ttsim/scenario.h"
#include "ttsim/simtime.h"

/* One policy's part of a timeline row. */
typedef struct tt_row_policy {
	bool has_metric; /* the period's datapoint (false: missing or not
			    completed in this row) */
	double metric;
	tt_alarm_state high;
	tt_alarm_state low;
} tt_row_policy;

/* The period [start_us, start_us + period) as DESIGN.md's timeline row. */
typedef struct tt_row {
	tt_time_us start_us;
	uint64_t invocations;
	int desired;    /* after the evaluation at the period's end */
	int in_service; /* instances, including those being removed */
	int pending;    /* instances */
	/* An inference component's copies (desired is in copies); with
	 * ic false these repeat in_service and pending. */
	bool ic;
	int copies_in_service; /* serving or draining */
	int copies_pending;    /* loading, or waiting for room */
	double no_capacity;    /* requests that found no copy serving */
	tt_action action;
	tt_reason reason;              /* for TT_ACTION_NOT_SCALED */
	const tt_row_policy *policies; /* one per scenario policy */
	/* request mode: requests finished in the period */
	bool has_latency; /* false: none finished */
	double p50_ms;
	double p99_ms;
	uint64_t errors; /* requests refused in the period */
	/* The user alarms' states at the row's end, one per scenario alarm
	 * (s->alarms; NULL when there is none). */
	const tt_alarm_state *alarms;
	/* The capacity limits in force at the row's end: the scenario's
	 * until a scheduled action moves them (SPEC.md 14). */
	int min;
	int max;
} tt_row;

typedef enum tt_event_kind {
	TT_EVENT_DECISION, /* a scale-out or scale-in was started */
	TT_EVENT_NOT_SCALED,
	TT_EVENT_COMPLETED, /* an activity finished; its cooldown starts */
	/* A scheduled action's run whose capacity change waits for the
	 * activity in progress (scheduled_while_updating: retry). */
	TT_EVENT_SCHEDULED_WAITING,
	/* A scheduled action's run that failed: `failure` says why. */
	TT_EVENT_SCHEDULED_FAILED
} tt_event_kind;

/* Why a scheduled action's run failed (SPEC.md 14.3). */
typedef enum tt_sched_failure {
	TT_SCHED_FAILURE_NONE,
	/* the new min above the max (scheduled_min_gt_max: fail): bounds
	 * and capacity unchanged */
	TT_SCHED_FAILURE_MIN_ABOVE_MAX,
	/* an activity in progress (scheduled_while_updating: fail): the
	 * bounds changed, the capacity change was dropped */
	TT_SCHED_FAILURE_UNSCALABLE
} tt_sched_failure;

/* tt_event_row.policy of KEDA's own 0 <-> 1 rows (controller: keda); the
 * HPA's rows have 0. */
#define TT_EVENT_KEDA 1

/* tt_event_row.alarm of an event no user alarm caused. */
#define TT_EVENT_NO_ALARM SIZE_MAX

typedef struct tt_event_row {
	tt_time_us time_us;
	tt_event_kind kind;
	size_t policy; /* index into the scenario's policies */
	tt_direction direction;
	int from;
	int to;
	tt_reason reason; /* for TT_EVENT_NOT_SCALED */
	/* A step policy's event: `policy` indexes the scenario's step
	 * policies, and `alarm` its alarms (the one that invoked it). */
	bool step;
	size_t alarm; /* TT_EVENT_NO_ALARM for target tracking's */
	/* A scheduled action's event (its activity's start and completion
	 * too): `action` indexes the scenario's scheduled actions and
	 * `policy` is unused. */
	bool scheduled;
	size_t action;
	tt_sched_failure failure; /* for TT_EVENT_SCHEDULED_FAILED */
} tt_event_row;

/*
 * Where a run's output goes.  Each callback may be NULL; a non-zero return
 * stops the run with that code (the callback fills the diag it was given at
 * tt_sim_run time through `d`).
 */
typedef struct tt_recorder {
	void *ctx;
	/* Before the first row: whether rows have wall-clock times. */
	tt_code (*begin)(void *ctx, const tt_scenario *s, bool wallclock,
	                 int64_t origin_unix_s, tt_diag *d);
	tt_code (*row)(void *ctx, const tt_row *row, tt_diag *d);
	tt_code (*event)(void *ctx, const tt_event_row *ev, tt_diag *d);
} tt_recorder;

typedef struct tt_policy_summary {
	uint64_t datapoints;       /* present datapoints */
	uint64_t missing;          /* missing datapoints */
	tt_time_us over_target_us; /* periods whose datapoint > TargetValue */
} tt_policy_summary;

typedef struct tt_summary {
	tt_time_us simulated_us;
	uint64_t periods;
	uint64_t invocations;
	double instance_hours; /* billed: in service and provisioning */
	double cost;
	int peak_desired;
	int peak_in_service;
	int final_desired;
	double mean_desired;    /* time-weighted */
	double mean_in_service; /* time-weighted */
	int scale_out_activities;
	int scale_in_activities;
	uint64_t not_scaled[TT_REASON_COUNT];
	tt_time_us over_target_us; /* periods where any policy was over */
	/* SPEC RG elasticity metrics against the first policy's demand
	 * (docs/outputs.md) */
	tt_elasticity_figures elasticity;
	tt_policy_summary *policies; /* n_policies entries, owned */
	size_t n_policies;
	tt_diag_list notes; /* warnings and notes from the run, owned */
	/* request mode */
	bool request;
	uint64_t completed; /* requests finished */
	uint64_t errors;    /* requests refused (queue full, no capacity) */
	uint64_t over_slo;  /* finished slower than the scenario's SLO */
	double latency_mean_ms;
	double latency_p50_ms;
	double latency_p90_ms;
	double latency_p99_ms;
	double latency_p999_ms;
	double latency_max_ms;
	double in_system_mean; /* requests in slots or queues, time-averaged */
	/* An inference component (SPEC.md 13): peak and mean in service
	 * above count instances; these count copies. */
	bool ic;
	int peak_copies;          /* copies in service */
	double mean_copies;       /* copies in service, time-averaged */
	tt_time_us zero_copies_us; /* time with no copy in service */
	int wake_ups;             /* copies in service went from 0 to 1 */
	double no_capacity;       /* NoCapacityInvocationFailures, in all */
	size_t cold_starts;       /* failures at zero followed by a served
	                             request (cold_start.h) */
	tt_time_us cold_start_p50_us;
	tt_time_us cold_start_p99_us;
	tt_time_us cold_start_max_us;
} tt_summary;

/* Free what a summary owns.  Accepts a zeroed summary. */
void tt_summary_release(tt_summary *sum);

/*
 * Run the scenario in its mode (fluid, or request: every invocation an
 * event, served by the simulated instances).  On success *sum is filled (release with
 * tt_summary_release).  Errors: those of the workload (a bad trace row),
 * of the recorder, TT_EUNSUPPORTED for a metric without a model, TT_ENOMEM.
 */
tt_code tt_sim_run(const tt_scenario *s, const tt_recorder *rec,
                   tt_summary *sum, tt_diag *d);

#endif
