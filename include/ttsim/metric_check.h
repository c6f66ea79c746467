/*
 * metric_check.h - is this a valid utilization metric for target tracking,
 * and what will the policy do with it?
 *
 * Target tracking assumes the metric is a utilization: at a steady load,
 * doubling the capacity halves it, so C x M stays constant and the capacity
 * formula ceil(C x M / T) lands on the capacity that brings M to the target
 * T in one step.  tt_metric_check measures whether a scenario's metrics
 * behave so, without anyone reading a plot:
 *
 *   1. probes: for each load level and each probed capacity C, the scenario
 *      is run with a constant load and the fleet held at C (min = max =
 *      initial = C, scaling suspended); each policy's datapoints of the
 *      second half of the run are averaged;
 *   2. the log-log slope of metric against capacity (least squares of
 *      ln M on ln C, per load level and pooled), over points where the
 *      metric is > 0 and not capped; a utilization has slope -1;
 *   3. the steady state: target tracking's map iterated from the initial
 *      capacity, alarms included (scale out when M > T, scale in when
 *      M < ratio x T, each to clamp(ceil(C x M / T))), to a fixed point or
 *      a cycle; every capacity it visits is probed;
 *   4. a full run of the scenario with that policy alone at the constant
 *      load (the policy acting), whose settled capacity is set beside the
 *      prediction.
 *
 * Each policy then gets findings with reasons; a policy with none is valid.
 *
 * A scenario with step scaling (its user alarms and the step policies
 * they invoke) has each alarm's metric probed the same way, as its
 * Statistic over its Period, and at every probe which side of its
 * threshold it is on and what each of its policies would do there (the
 * step V - threshold falls in, the new capacity).  From that: the steps'
 * own map, like the one above (every alarm in ALARM invokes its policies
 * and the controller picks, as in a run), followed from every probed
 * capacity to find a flip-flop; a scale-in alarm whose threshold is not
 * below a scale-out alarm's on the same metric; and target tracking and
 * a step alarm pulling a steady capacity apart.  These findings belong
 * to the scenario (tt_mc_result.step_findings), not to one policy.
 * The thresholds below are the rules (docs/metric-check.md explains them).
 *
 * The check works on shallow copies of the scenario with plain fields
 * overridden, so the scenario is never modified and must outlive the
 * result (which borrows its policies).  Deterministic: the same scenario
 * and options give the same result.
 */
#ifndef TTSIM_METRIC_CHECK_H
#define TTSIM_METRIC_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsim/decision.h"
#include "ttsim/diag.h"
#include "ttsim/policy.h"
#include "ttsim/scenario.h"
#include "ttsim/simtime.h"

/* A slope in [LO, HI] is a utilization (ideal: -1). */
#define TT_MC_SLOPE_VALID_LO (-1.3)
#define TT_MC_SLOPE_VALID_HI (-0.7)
/* A slope in [-FLAT, FLAT] does not respond to capacity; above, it grows. */
#define TT_MC_SLOPE_FLAT 0.3
/* Points within this relative distance of the largest value, when at least
 * two reach it, sit on a cap. */
#define TT_MC_CAP_TOLERANCE 1e-3
/* A cap below this many times the target saturates harmfully: one
 * scale-out from a capped reading cannot even double the capacity. */
#define TT_MC_CAP_MIN_RATIO 2.0
/* Probed capacities: every one from min to max when there are at most
 * this many, else TT_MC_LOG_CAPACITIES log-spaced ones. */
#define TT_MC_ALL_CAPACITIES 16
#define TT_MC_LOG_CAPACITIES 12
/* Load levels: at most this many; by default 25, 50 and 100 % of the
 * workload's peak per-minute rate. */
#define TT_MC_MAX_LEVELS 16
/* The longest cycle (or path to one) the steady-state map follows. */
#define TT_MC_CYCLE_MAX 32

typedef enum tt_mc_finding {
	TT_MC_GROWS,      /* slope > FLAT: a Sum or SampleCount statistic */
	TT_MC_FLAT,       /* |slope| <= FLAT: latency below saturation */
	TT_MC_WEAK,       /* FLAT < -slope < -VALID_HI: under-corrects */
	TT_MC_STEEP,      /* slope < VALID_LO: overshoots */
	TT_MC_SATURATES,  /* capped below CAP_MIN_RATIO x target */
	TT_MC_NEVER_IN,   /* >= ratio x T even at the lowest load, any C */
	TT_MC_NEVER_OUT,  /* <= T even at min capacity and the highest load */
	TT_MC_OSCILLATES, /* the steady state cycles between capacities */
	/* Step scaling, in tt_mc_result.step_findings: */
	TT_MC_ALARMS_OVERLAP, /* a scale-in threshold >= a scale-out one */
	TT_MC_FLIP_FLOP,      /* the steps cycle at a steady load */
	TT_MC_FIGHT,          /* target tracking and a step alarm pull apart */
	TT_MC_FINDING_COUNT
} tt_mc_finding;

/* "grows", "flat", "weak", "steep", "saturates", "never_scales_in",
 * "never_scales_out", "oscillates", "alarms_overlap", "step_flip_flop",
 * "tt_step_fight": the JSON names. */
const char *tt_mc_finding_name(tt_mc_finding f);

/* The short verdict: "grows with capacity", "oscillation predicted"... */
const char *tt_mc_finding_title(tt_mc_finding f);

/* The alarm a probe's metric would set off. */
typedef enum tt_mc_alarm {
	TT_MC_ALARM_NONE, /* between ratio x T and T */
	TT_MC_ALARM_HIGH, /* > T: AlarmHigh, scale out */
	TT_MC_ALARM_LOW   /* < ratio x T: AlarmLow, scale in */
} tt_mc_alarm;

/* "-", "high", "low" */
const char *tt_mc_alarm_name(tt_mc_alarm a);

typedef struct tt_mc_options {
	/* Load levels in invocations per minute, each > 0 and at most
	 * TT_WORKLOAD_RATE_MAX; NULL or 0: the TT_MC_DEFAULT_FRACTIONS of
	 * the workload's peak. */
	const double *rates_per_min;
	size_t n_rates;
	int probe_periods; /* 0: 40 metric periods per probe */
	tt_time_us run_us; /* 0: 6 h for the full runs (3 h in request
	                        mode) */
	bool skip_runs;    /* no full runs (prediction only) */
} tt_mc_options;

/* One probe: the metric of one policy at one load and capacity. */
typedef struct tt_mc_point {
	int capacity;
	bool has_metric; /* false: no datapoint in the probe */
	double metric;   /* the mean of the probe's later datapoints */
	bool capped;     /* on the cap (excluded from the slope) */
	tt_mc_alarm alarm;
} tt_mc_point;

typedef struct tt_mc_level {
	double rate_per_min;
	double fraction;     /* of the peak; 0 with explicit rates */
	tt_mc_point *points; /* one per probed capacity, owned */
	bool has_slope;      /* at least 2 usable points */
	double slope;
	/* The steady state the map reaches from the initial capacity:
	 * cycle[0..cycle_len) (1: a fixed point), in visiting order. */
	int cycle[TT_MC_CYCLE_MAX];
	size_t cycle_len;
	/* The full run (unless skipped): capacity at its end, and the least
	 * and most desired capacity over its last third. */
	bool has_run;
	int run_final;
	int run_lo;
	int run_hi;
	/* How many capacities the run strayed beyond what the prediction
	 * spans (a noisy metric near a threshold flaps by one); agrees when
	 * 0: settled on the fixed point, or moving within the cycle. */
	int run_distance;
	bool agrees;
} tt_mc_level;

#define TT_MC_REASON_MAX 400

typedef struct tt_mc_policy {
	const tt_policy *policy; /* borrowed from the scenario */
	tt_mc_level *levels;     /* n_levels, owned */
	bool has_slope;          /* pooled over the levels */
	double slope;
	bool has_cap;
	double cap;
	unsigned findings; /* bit (1u << tt_mc_finding) per finding */
	char reason[TT_MC_FINDING_COUNT][TT_MC_REASON_MAX];
} tt_mc_policy;

/* What one step policy an alarm invokes would do at one probe. */
typedef struct tt_mc_step_move {
	bool has_step;          /* a step contains diff = V - threshold */
	size_t step;            /* its index in StepAdjustments */
	int64_t adjustment;     /* its ScalingAdjustment */
	tt_direction direction; /* what it asks for (TT_DIR_NONE: nothing) */
	int to;                 /* the new capacity, clamped */
} tt_mc_step_move;

/* One user alarm at one load level and probed capacity. */
typedef struct tt_mc_alarm_point {
	int capacity;
	bool has_metric;        /* false: no datapoint in the probe */
	double metric;          /* the mean of its Statistic over its Periods */
	bool in_alarm;          /* the metric breaches the threshold */
	tt_mc_step_move *moves; /* in_alarm: one per policy it invokes,
	                           owned; else NULL */
} tt_mc_alarm_point;

typedef struct tt_mc_alarm_level {
	double rate_per_min;
	tt_mc_alarm_point *points; /* one per probed capacity, owned */
} tt_mc_alarm_level;

/* One user alarm of the scenario, probed. */
typedef struct tt_mc_user_alarm {
	size_t alarm; /* index into the scenario's alarms */
	/* What its policies' steps ask for at every probed capacity:
	 * TT_DIR_OUT or TT_DIR_IN, TT_DIR_NONE when both or neither (or
	 * its actions are disabled). */
	tt_direction direction;
	tt_mc_alarm_level *levels; /* n_levels, owned */
} tt_mc_user_alarm;

/* The step policies' map at one load level. */
typedef struct tt_mc_step_level {
	double rate_per_min;
	/* Where the steps alone go from the start capacity: a fixed point
	 * (cycle_len 1) or a cycle, as tt_mc_level's. */
	int cycle[TT_MC_CYCLE_MAX];
	size_t cycle_len;
	/* The first cycle found from any probed capacity (flip_len 0:
	 * none), and the alarm whose step leaves each of its capacities. */
	int flip[TT_MC_CYCLE_MAX];
	size_t flip_alarm[TT_MC_CYCLE_MAX];
	size_t flip_len;
} tt_mc_step_level;

typedef struct tt_mc_result {
	tt_mode mode;
	int *capacities; /* the probed capacities, increasing, owned */
	size_t n_capacities;
	size_t n_levels;
	double peak_per_min; /* the workload's peak (0 with explicit rates) */
	tt_mc_policy *policies; /* one per scenario policy, owned */
	size_t n_policies;
	double low_ratio;   /* AlarmLow at ratio x target */
	int start_capacity; /* where the map and the runs start */
	tt_time_us run_us;  /* 0: no full runs */
	bool valid;         /* no policy has a finding, nor the steps */
	uint64_t probes;    /* fixed-capacity runs made */
	/* Step scaling: one per scenario alarm (none: NULL, 0). */
	tt_mc_user_alarm *alarms; /* owned */
	size_t n_alarms;
	tt_mc_step_level *step_levels; /* n_levels when n_alarms, owned */
	unsigned step_findings;        /* bits of the step findings */
	char step_reason[TT_MC_FINDING_COUNT][TT_MC_REASON_MAX];
} tt_mc_result;

/*
 * Check every policy of `s` in the scenario's mode.  `o` may be NULL
 * (defaults).  On success *out is filled (free with tt_mc_result_release)
 * whether or not the metrics are valid.  Errors: TT_EINVAL (a load level
 * <= 0, more than TT_MC_MAX_LEVELS, a workload with no traffic to derive
 * levels from), TT_ERANGE (a load level, or the workload's peak when the
 * levels derive from it, past TT_WORKLOAD_RATE_MAX, the limit of a
 * workload's rate), those of tt_workload_open/next and tt_sim_run (a bad
 * trace row, a metric without a model), TT_EUNSUPPORTED (request mode
 * with a service time linear in a request attribute: a constant load has
 * none), TT_ENOMEM; *out is then zeroed.
 */
tt_code tt_metric_check(const tt_scenario *s, const tt_mc_options *o,
                        tt_mc_result *out, tt_diag *d);

/* Free what a result owns.  Accepts a zeroed result. */
void tt_mc_result_release(tt_mc_result *r);

/*
 * Write result `r` of checking scenario `s` to `f` as a person reads it
 * (tt_mc_write_text: a table per policy, the steady states and the
 * verdict with its reasons, as `ttsim metric-check` prints it) or as one
 * JSON object (tt_mc_write_json; docs/metric-check.md describes both).
 * Text from the scenario is escaped for a terminal (tt_diag_escape) or
 * for JSON.  The file stays the caller's, who checks it for write errors.
 * TT_ENOMEM from the text writer when a line cannot be escaped (the rest
 * is written all the same); the JSON writer always returns TT_OK.
 */
tt_code tt_mc_write_text(FILE *f, const tt_scenario *s, const tt_mc_result *r,
                         tt_diag *d);
tt_code tt_mc_write_json(FILE *f, const tt_scenario *s, const tt_mc_result *r,
                         tt_diag *d);

#endif
