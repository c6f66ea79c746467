/*
 * runutil.h - run a scenario written inline and keep what it recorded.
 */
#ifndef TTSIM_RUNUTIL_H
#define TTSIM_RUNUTIL_H

#include <stddef.h>

#include "ttsim/scenario.h"
#include "ttsim/sim.h"

#define RU_MAX_POLICIES 4
#define RU_MAX_ALARMS 4

/* A row as recorded, with copies of what it points at (row.policies and
 * row.alarms are NULL: the run's own storage is gone). */
typedef struct ru_row {
	tt_row row;
	tt_row_policy pol[RU_MAX_POLICIES];
	tt_alarm_state alarms[RU_MAX_ALARMS]; /* the user alarms' states */
} ru_row;

typedef struct ru_run {
	tt_scenario s;
	tt_summary sum;
	ru_row *rows;
	size_t n_rows;
	tt_event_row *events;
	size_t n_events;
	tt_diag d;
} ru_run;

/* Load `yaml` and run it; fails the current test on any error. */
void ru_run_yaml(ru_run *r, const char *yaml);

/* Like ru_run_yaml but returns the code instead of failing. */
tt_code ru_try_yaml(ru_run *r, const char *yaml);

/* A recorder that keeps rows and events in r (for runs set up by hand). */
tt_recorder ru_recorder(ru_run *r);

void ru_release(ru_run *r);

/* The row whose period starts at `time_s`. */
const ru_row *ru_row_at(const ru_run *r, long time_s);

/* Number of events of a kind (and direction, TT_DIR_NONE: any). */
size_t ru_count_events(const ru_run *r, tt_event_kind kind, tt_direction dir);

/* The n-th (0-based) event of a kind, or NULL. */
const tt_event_row *ru_event(const ru_run *r, tt_event_kind kind, size_t n);

#endif
