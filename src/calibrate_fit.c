/*
 * calibrate_fit.c - `ttsim calibrate --fit`: the grid of uncertain knobs
 * run through the sweep machinery, each setting scored against the
 * recorded history.
 *
 * Every combination is a calibration (calibrate.c) of the scenario loaded
 * with its values, run by tt_sweep_run on its worker threads with the
 * trace parsed once; its figures are the calibration's score, so the
 * table is written as any sweep's results are (fit.csv).  The history is
 * parsed once by the caller and only read here.
 */
#include "ttsim/calibrate.h"

#include <stdlib.h>
#include <string.h>

typedef struct fit_ctx {
	const tt_cal_history *h;
	const tt_calibrate_options *o;
} fit_ctx;

static tt_code evaluate(void *ctx, const tt_scenario *s, tt_figure *figs,
                        size_t *n, tt_diag *d)
{
	const fit_ctx *f = ctx;
	tt_calibration c;
	tt_code rc = tt_calibrate_history(s, f->h, f->o, &c, d);
	if (rc)
		return rc;
	const tt_cal_score *sc = &c.score;
	size_t k = 0;
	figs[k++] = (tt_figure){"loss", sc->loss};
	figs[k++] = (tt_figure){"decision_error_min", sc->decision_error_min};
	figs[k++] = (tt_figure){"capacity_above_instance_min",
	                        sc->above_instance_min};
	figs[k++] = (tt_figure){"capacity_below_instance_min",
	                        sc->below_instance_min};
	figs[k++] = (tt_figure){"matched", (double)sc->matched};
	figs[k++] =
	        (tt_figure){"unmatched_recorded", (double)sc->recorded_only};
	figs[k++] =
	        (tt_figure){"unmatched_simulated", (double)sc->simulated_only};
	if (sc->has_decision)
		figs[k++] = (tt_figure){"median_decision_offset_s",
		                        (double)sc->decision_median_us /
		                                (double)TT_US_PER_S};
	if (sc->has_completion)
		figs[k++] = (tt_figure){"median_completion_offset_s",
		                        (double)sc->completion_median_us /
		                                (double)TT_US_PER_S};
	*n = k;
	tt_calibration_release(&c);
	return TT_OK;
}

typedef struct ranked {
	double loss;
	size_t row;
} ranked;

/* Lowest loss first; ties in grid order. */
static int by_loss(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	if (a->loss != b->loss)
		return a->loss < b->loss ? -1 : 1;
	return (a->row > b->row) - (a->row < b->row);
}

tt_code tt_calibrate_fit(const char *path, const tt_sweep_grid *g,
                         const tt_cal_history *h, const tt_calibrate_options *o,
                         unsigned jobs, tt_cal_fit *out, tt_diag *d)
{
	fit_ctx ctx = {h, o};
	tt_sweep_options so = {
	        .jobs = jobs, .evaluate = evaluate, .eval_ctx = &ctx};
	tt_cal_fit f;
	memset(&f, 0, sizeof f);
	tt_code rc = tt_sweep_run(path, g, &so, &f.table, d);
	if (rc)
		return rc;
	size_t n = f.table.n_rows;
	ranked *r = malloc((n ? n : 1) * sizeof *r);
	f.ranked = malloc((n ? n : 1) * sizeof *f.ranked);
	if (!r || !f.ranked) {
		free(r);
		tt_cal_fit_release(&f);
		return tt_diag_nomem(d, (tt_loc){0});
	}
	/* "loss" is every row's first figure (evaluate) */
	for (size_t i = 0; i < n; i++)
		r[i] = (ranked){f.table.rows[i].figures[0], i};
	qsort(r, n, sizeof *r, by_loss);
	for (size_t i = 0; i < n; i++)
		f.ranked[i] = r[i].row;
	free(r);
	*out = f;
	return TT_OK;
}

void tt_cal_fit_release(tt_cal_fit *f)
{
	if (!f)
		return;
	tt_sweep_table_release(&f->table);
	free(f->ranked);
	memset(f, 0, sizeof *f);
}

tt_cal_verdict tt_calibration_verdict(const tt_calibration *c)
{
	const tt_cal_score *sc = &c->score;
	if (!c->has_activities)
		return TT_CAL_NO_VERDICT;
	if (sc->recorded_only || sc->simulated_only)
		return TT_CAL_MISMATCH;
	tt_time_us m = sc->decision_max_us < 0 ? -sc->decision_max_us
	                                       : sc->decision_max_us;
	return !sc->has_decision || m <= c->period_us ? TT_CAL_CONSISTENT
	                                              : TT_CAL_MISMATCH;
}
