/*
 * runutil.c - run a scenario written inline and keep what it recorded.
 */
#include "runutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static tt_code keep_row(void *ctx, const tt_row *row, tt_diag *d)
{
	ru_run *r = ctx;
	(void)d;
	/* grow by doubling: a World Cup run keeps 125,000 rows */
	if ((r->n_rows & (r->n_rows - 1)) == 0) {
		size_t cap = r->n_rows ? 2 * r->n_rows : 1;
		ru_row *n = realloc(r->rows, cap * sizeof *n);
		ck_assert_ptr_nonnull(n);
		r->rows = n;
	}
	ru_row *out = &r->rows[r->n_rows++];
	out->row = *row;
	ck_assert_uint_le(r->s.n_policies, RU_MAX_POLICIES);
	memcpy(out->pol, row->policies, r->s.n_policies * sizeof *out->pol);
	out->row.policies = NULL;
	ck_assert_uint_le(r->s.n_alarms, RU_MAX_ALARMS);
	if (r->s.n_alarms)
		memcpy(out->alarms, row->alarms,
		       r->s.n_alarms * sizeof *out->alarms);
	out->row.alarms = NULL;
	return TT_OK;
}

static tt_code keep_event(void *ctx, const tt_event_row *ev, tt_diag *d)
{
	ru_run *r = ctx;
	(void)d;
	if ((r->n_events & (r->n_events - 1)) == 0) {
		size_t cap = r->n_events ? 2 * r->n_events : 1;
		tt_event_row *n = realloc(r->events, cap * sizeof *n);
		ck_assert_ptr_nonnull(n);
		r->events = n;
	}
	r->events[r->n_events++] = *ev;
	return TT_OK;
}

tt_recorder ru_recorder(ru_run *r)
{
	tt_recorder rec = {r, NULL, keep_row, keep_event};
	return rec;
}

tt_code ru_try_yaml(ru_run *r, const char *yaml)
{
	memset(r, 0, sizeof *r);
	tt_code rc = tt_scenario_load_text(yaml, strlen(yaml), "case.yaml",
	                                   NULL, &r->s, &r->d);
	if (rc)
		return rc;
	tt_recorder rec = ru_recorder(r);
	return tt_sim_run(&r->s, &rec, &r->sum, &r->d);
}

void ru_run_yaml(ru_run *r, const char *yaml)
{
	tt_code rc = ru_try_yaml(r, yaml);
	char buf[1024];
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&r->d, buf, sizeof buf));
}

void ru_release(ru_run *r)
{
	tt_scenario_release(&r->s);
	tt_summary_release(&r->sum);
	free(r->rows);
	free(r->events);
	memset(r, 0, sizeof *r);
}

const ru_row *ru_row_at(const ru_run *r, long time_s)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (r->rows[i].row.start_us == time_s * TT_US_PER_S)
			return &r->rows[i];
	ck_abort_msg("no row at %ld s", time_s);
	return NULL;
}

size_t ru_count_events(const ru_run *r, tt_event_kind kind, tt_direction dir)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_events; i++)
		if (r->events[i].kind == kind &&
		    (dir == TT_DIR_NONE || r->events[i].direction == dir))
			n++;
	return n;
}

const tt_event_row *ru_event(const ru_run *r, tt_event_kind kind, size_t n)
{
	for (size_t i = 0; i < r->n_events; i++)
		if (r->events[i].kind == kind && n-- == 0)
			return &r->events[i];
	return NULL;
}
