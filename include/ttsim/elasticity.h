/*
 * elasticity.h - the SPEC Research Group's elasticity metrics of a run.
 *
 * N. Herbst et al., "Ready for Rain? A View from SPEC Research on the
 * Future of Cloud Metrics", SPEC RG technical report SPEC-RG-2016-01, and
 * "Quantifying Cloud Performance and Dependability: Taxonomy, Metric
 * Design, and Emerging Challenges", ACM TOMPECS 3(4), 2018, define how well
 * a supply of resources s_t follows the demand d_t over a run: how much
 * and how long it was short (under-provisioning) or in excess
 * (over-provisioning), how often the two moved apart (instability) and
 * whether it adapted more or less often than the demand changed (jitter).
 *
 * The accumulator is fed one time step at a time, each (d_t, s_t, Δt), and
 * keeps only running sums, so it costs nothing per step and nothing in
 * memory.  sim.c feeds it; docs/outputs.md gives the formulas and how ttsim
 * derives d_t (the capacity that would hold the first policy's metric at
 * its target) and s_t (instances in service).
 */
#ifndef TTSIM_ELASTICITY_H
#define TTSIM_ELASTICITY_H

#include <stdbool.h>
#include <stdint.h>

#include "ttsim/simtime.h"

/* The running sums.  Plain data: zero it (or tt_elasticity_init) first. */
typedef struct tt_elasticity {
	double total_us;      /* T: the sum of Δt */
	double under_us;      /* Σ max(d - s, 0) / max(d, 1) Δt */
	double over_us;       /* Σ max(s - d, 0) / max(d, 1) Δt */
	double under_time_us; /* Σ [s < d] Δt */
	double over_time_us;  /* Σ [s > d] Δt */
	double moved_us;      /* Σ over steps 2..T of Δt */
	double unstable_us; /* Σ over steps 2..T of min(|sgn Δs - sgn Δd|, 1) Δt */
	uint64_t steps;
	uint64_t supply_changes; /* steps 2..T with s_t != s_{t-1} */
	uint64_t demand_changes; /* steps 2..T with d_t != d_{t-1} */
	int64_t prev_demand;
	int64_t prev_supply;
} tt_elasticity;

/* The metrics, as fractions (the papers print them times 100, in %). */
typedef struct tt_elasticity_figures {
	uint64_t steps;         /* time steps with a demand */
	double under_accuracy;  /* θ_U: mean shortfall / demand */
	double over_accuracy;   /* θ_O: mean excess / demand */
	double under_timeshare; /* τ_U: share of time with s < d */
	double over_timeshare;  /* τ_O: share of time with s > d */
	double instability;     /* υ: share of time moving apart */
	double jitter_per_hour; /* j: (supply - demand changes) / T */
} tt_elasticity_figures;

/* Start empty. */
void tt_elasticity_init(tt_elasticity *e);

/*
 * Add one time step of length dt_us > 0 with demand `demand` >= 0 and
 * supply `supply` >= 0, both in instances.  Steps are consecutive in the
 * order they are added; a period without a demand is simply not added, and
 * the next step is compared with the last one that was.
 */
void tt_elasticity_add(tt_elasticity *e, int64_t demand, int64_t supply,
                       tt_time_us dt_us);

/*
 * The metrics of the steps added so far into *out.  With no step every
 * figure is 0; instability needs two steps and is 0 with one.
 */
void tt_elasticity_figures_of(const tt_elasticity *e,
                              tt_elasticity_figures *out);

#endif
