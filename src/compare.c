/*
 * compare.c - several setups on one workload: check, run, tabulate.
 *
 * The setups are checked against the first before anything runs
 * (compare_workload.c says what "the same workload" means), named for the
 * table (the scenario's name, or its file when two share a name), then
 * run one after another by tt_sim_run, each with a recorder that keeps
 * five columns of its timeline in memory for the picture: nothing is
 * written and read back.  A World Cup run of 125,000 periods keeps 5 MB
 * per setup.
 *
 * compare.csv has one row per setup and the union of the runs' summary
 * figures as columns, in figures.h's one order (every run lists its
 * figures in that order, so walking the list of names gives the union
 * in order); a figure a run does not have (latency in fluid mode) is an
 * empty cell.
 */
#include "ttsim/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ttsim/fmt.h"

/* ---- checks ---- */

/*
 * Setup i's `setup` name: its scenario's, or its file when another
 * setup's scenario has the same name.
 */
static const char *setup_name(const tt_compare_setup *setups, size_t n,
                              size_t i)
{
	for (size_t j = 0; j < n; j++)
		if (j != i && !strcmp(setups[i].s->name, setups[j].s->name))
			return setups[i].file;
	return setups[i].s->name;
}

/*
 * Names that still clash (a file given twice) are refused: the table and
 * the legend could not tell the setups apart.
 */
static tt_code check_names(const tt_compare_setup *setups, size_t n, tt_diag *d)
{
	for (size_t j = 1; j < n; j++)
		for (size_t i = 0; i < j; i++) {
			tt_loc at = {setups[j].file, 0, 0};
			const char *name = setup_name(setups, n, j);
			if (!strcmp(setups[i].file, setups[j].file))
				return tt_diag_set(d, TT_EINVAL, at,
				                   "'%s' is given twice: each "
				                   "setup is its own file",
				                   setups[j].file);
			if (!strcmp(setup_name(setups, n, i), name))
				return tt_diag_set(d, TT_EINVAL, at,
				                   "two setups are named '%s': "
				                   "rename one ('name:')",
				                   name);
		}
	return TT_OK;
}

tt_code tt_compare_check(const tt_compare_setup *setups, size_t n, tt_diag *d)
{
	if (n < 2)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){0},
		                   "compare needs at least two setups, got %zu",
		                   n);
	if (n > TT_COMPARE_MAX_SETUPS)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){0},
		                   "compare takes at most %d setups, got %zu",
		                   TT_COMPARE_MAX_SETUPS, n);
	for (size_t i = 1; i < n; i++) {
		tt_workload_diff diff;
		if (!tt_compare_same_workload(setups[0].s, setups[i].s, &diff))
			return tt_diag_set(d, TT_EINVAL, diff.loc,
			                   "not the same workload as '%s': %s",
			                   setups[0].file, diff.what);
	}
	return check_names(setups, n, d);
}

bool tt_compare_has_target(const tt_scenario *s)
{
	return s->n_policies > 0 || s->controller != TT_CONTROLLER_AWS;
}

const char *tt_compare_controller_name(const tt_scenario *s)
{
	switch (s->controller) {
	case TT_CONTROLLER_HPA:
		return "hpa";
	case TT_CONTROLLER_KEDA:
		return "keda";
	case TT_CONTROLLER_AWS:
		break;
	}
	return "aws";
}

/* ---- the recorder: five columns in memory ---- */

static tt_code timeline_grow(tt_compare_timeline *tl, tt_diag *d)
{
	size_t cap = tl->cap ? tl->cap * 2 : 1024;
	double **cols[] = {&tl->t_s, &tl->invocations, &tl->desired,
	                   &tl->in_service, &tl->metric};
	for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
		double *g = realloc(*cols[k], cap * sizeof *g);
		if (!g)
			return tt_diag_nomem(d, (tt_loc){0});
		*cols[k] = g;
	}
	tl->cap = cap;
	return TT_OK;
}

static tt_code rec_begin(void *ctx, const tt_scenario *s, bool wallclock,
                         int64_t origin_unix_s, tt_diag *d)
{
	tt_compare_run *r = ctx;
	(void)s;
	(void)d;
	r->tl.wallclock = wallclock;
	r->tl.origin_unix_s = origin_unix_s;
	return TT_OK;
}

static tt_code rec_row(void *ctx, const tt_row *row, tt_diag *d)
{
	tt_compare_run *r = ctx;
	tt_compare_timeline *tl = &r->tl;
	if (tl->n == tl->cap) {
		tt_code rc = timeline_grow(tl, d);
		if (rc)
			return rc;
	}
	size_t i = tl->n++;
	tl->t_s[i] = (double)row->start_us / 1e6;
	tl->invocations[i] = (double)row->invocations;
	tl->desired[i] = row->desired;
	tl->in_service[i] = row->in_service;
	/* timeline.csv's `metric` column: the first target-tracking
	 * policy's datapoint, or an HPA's first metric */
	tl->metric[i] = tt_compare_has_target(r->s) && row->policies &&
	                                row->policies[0].has_metric
	                        ? row->policies[0].metric
	                        : NAN;
	return TT_OK;
}

static void timeline_release(tt_compare_timeline *tl)
{
	free(tl->t_s);
	free(tl->invocations);
	free(tl->desired);
	free(tl->in_service);
	free(tl->metric);
	memset(tl, 0, sizeof *tl);
}

/* ---- running ---- */

static tt_code run_one(tt_compare_run *r, tt_diag *d)
{
	tt_recorder rec = {r, rec_begin, rec_row, NULL};
	r->tl.period_s = (double)r->s->period_us / 1e6;
	tt_code rc = tt_sim_run(r->s, &rec, &r->sum, d);
	if (rc)
		return rc;
	r->n_figures = tt_summary_figures(r->s, &r->sum, r->figures);
	return TT_OK;
}

tt_code tt_compare_run_all(const tt_compare_setup *setups, size_t n,
                           tt_compare *out, tt_diag *d)
{
	memset(out, 0, sizeof *out);
	tt_code rc = tt_compare_check(setups, n, d);
	if (rc)
		return rc;
	out->runs = calloc(n, sizeof *out->runs);
	if (!out->runs)
		return tt_diag_nomem(d, (tt_loc){0});
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		out->runs[i].s = setups[i].s;
		out->runs[i].file = setups[i].file;
		out->runs[i].name = strdup(setup_name(setups, n, i));
		if (!out->runs[i].name) {
			rc = tt_diag_nomem(d, (tt_loc){0});
			goto fail;
		}
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = run_one(&out->runs[i], d)))
			goto fail;
	return TT_OK;
fail:
	tt_compare_release(out);
	return rc;
}

void tt_compare_release(tt_compare *c)
{
	for (size_t i = 0; c->runs && i < c->n; i++) {
		free(c->runs[i].name);
		tt_summary_release(&c->runs[i].sum);
		timeline_release(&c->runs[i].tl);
	}
	free(c->runs);
	memset(c, 0, sizeof *c);
}

/* ---- compare.csv ---- */

/* The run's figure by name: true and *v, or false when it has none. */
static bool run_figure(const tt_compare_run *r, const char *name, double *v)
{
	for (size_t i = 0; i < r->n_figures; i++)
		if (!strcmp(r->figures[i].name, name)) {
			*v = r->figures[i].value;
			return true;
		}
	return false;
}

/* Whether some run has the figure: then it is a column. */
static bool figure_column(const tt_compare *c, const char *name)
{
	double v;
	for (size_t i = 0; i < c->n; i++)
		if (run_figure(&c->runs[i], name, &v))
			return true;
	return false;
}

static tt_code csv_row(FILE *f, const tt_compare_run *r, const tt_compare *c,
                       tt_diag *d)
{
	const char *const *names = tt_figure_names();
	char buf[TT_FMT_BUF];
	tt_fmt_csv_field(f, r->name);
	fputc(',', f);
	tt_fmt_csv_field(f, r->file);
	fputc(',', f);
	fputs(tt_compare_controller_name(r->s), f);
	for (size_t k = 0; names[k]; k++) {
		double v;
		if (!figure_column(c, names[k]))
			continue;
		fputc(',', f);
		if (!run_figure(r, names[k], &v))
			continue;
		tt_code rc = tt_fmt_finite(v, "compare.csv", names[k], buf, d);
		if (rc)
			return rc;
		fputs(buf, f);
	}
	fputc('\n', f);
	return TT_OK;
}

tt_code tt_compare_write_csv(FILE *f, const tt_compare *c, tt_diag *d)
{
	const char *const *names = tt_figure_names();
	fputs("setup,file,controller", f);
	for (size_t k = 0; names[k]; k++)
		if (figure_column(c, names[k]))
			fprintf(f, ",%s", names[k]);
	fputc('\n', f);
	for (size_t i = 0; i < c->n; i++) {
		tt_code rc = csv_row(f, &c->runs[i], c, d);
		if (rc)
			return rc;
	}
	return TT_OK;
}
