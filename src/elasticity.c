/*
 * elasticity.c - the SPEC Research Group's elasticity metrics as running
 * sums (docs/outputs.md has the formulas and the citation).
 *
 * Every metric is a time-weighted sum over steps divided by the time the
 * steps cover, so steps of different lengths (a 60 s datapoint beside 10 s
 * simulation periods) weigh what they last.  The accuracy metrics divide
 * by max(d_t, 1) rather than d_t, as the TOMPECS paper does with its ε = 1:
 * a period without demand still has a finite over-provisioning (every
 * instance in service is excess) instead of a division by zero.
 */
#include "ttsim/elasticity.h"

#include <string.h>

void tt_elasticity_init(tt_elasticity *e)
{
	memset(e, 0, sizeof *e);
}

static int sign(int64_t v)
{
	return (v > 0) - (v < 0);
}

void tt_elasticity_add(tt_elasticity *e, int64_t demand, int64_t supply,
                       tt_time_us dt_us)
{
	double dt = (double)dt_us;
	double norm = demand > 1 ? (double)demand : 1.0;

	e->total_us += dt;
	if (supply < demand) {
		e->under_us += (double)(demand - supply) / norm * dt;
		e->under_time_us += dt;
	} else if (supply > demand) {
		e->over_us += (double)(supply - demand) / norm * dt;
		e->over_time_us += dt;
	}
	if (e->steps > 0) {
		int ds = sign(supply - e->prev_supply);
		int dd = sign(demand - e->prev_demand);
		e->moved_us += dt;
		/* min(|sgn Δs - sgn Δd|, 1): any disagreement of direction,
		 * including one moving while the other stands still */
		if (ds != dd)
			e->unstable_us += dt;
		if (ds != 0)
			e->supply_changes++;
		if (dd != 0)
			e->demand_changes++;
	}
	e->prev_demand = demand;
	e->prev_supply = supply;
	e->steps++;
}

void tt_elasticity_figures_of(const tt_elasticity *e,
                              tt_elasticity_figures *out)
{
	memset(out, 0, sizeof *out);
	out->steps = e->steps;
	if (e->total_us <= 0)
		return;
	out->under_accuracy = e->under_us / e->total_us;
	out->over_accuracy = e->over_us / e->total_us;
	out->under_timeshare = e->under_time_us / e->total_us;
	out->over_timeshare = e->over_time_us / e->total_us;
	if (e->moved_us > 0)
		out->instability = e->unstable_us / e->moved_us;
	out->jitter_per_hour =
	        ((double)e->supply_changes - (double)e->demand_changes) /
	        (e->total_us / 3.6e9);
}
