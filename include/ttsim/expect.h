/*
 * expect.h - a scenario's expectations checked against a finished run.
 *
 * The scenario loader reads the `expect:` block into tt_expectation bounds
 * (scenario.h) and refuses figure names no run has; this module compares
 * them with the run's figures (figures.h) and says, per bound, whether it
 * held, with the value and the bound as text for reports.  `ttsim check`
 * prints the results and writes them as JUnit XML (junit.h).
 *
 * le, ge and between compare exactly.  eq allows a relative difference of
 * TT_EXPECT_EQ_REL (at least that much in absolute terms near zero), so a
 * figure computed as a floating-point sum (cost, instance_hours) matches
 * the decimal number written in the scenario; integer figures (counts,
 * capacities) are exact doubles, and for them eq is exact anyway.
 */
#ifndef TTSIM_EXPECT_H
#define TTSIM_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsim/fmt.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"

#define TT_EXPECT_EQ_REL 1e-9

/* Room for a bound as text: "in [a, b]" with two TT_FMT_BUF numbers. */
#define TT_EXPECT_BOUND_BUF (2 * TT_FMT_BUF + 16)

typedef struct tt_expect_result {
	const tt_expectation *expect; /* borrowed from the scenario */
	bool pass;
	bool has_value; /* false: the run has no such figure (a request-mode
	                   figure in a run switched to fluid mode) */
	double value;
	char value_text[TT_FMT_BUF];          /* "9", or "missing" */
	char bound_text[TT_EXPECT_BOUND_BUF]; /* "<= 12", "in [1, 20]" */
} tt_expect_result;

/*
 * The bound as text into buf (TT_EXPECT_BOUND_BUF bytes): "<= 12",
 * ">= 1", "== 0.5", "in [1, 20]", numbers as in every output (fmt.h).
 * Returns buf.
 */
char *tt_expect_bound_text(const tt_expectation *e, char *buf, size_t size);

/* Whether `value` satisfies the bound (NaN never does). */
bool tt_expect_holds(const tt_expectation *e, double value);

/*
 * Check every expectation of `s` against the finished run `sum`, one
 * result per expectation in `results` (room for s->n_expect), in the
 * scenario's order.  Returns how many failed.  A figure the run lacks
 * fails with has_value false.
 */
size_t tt_expect_check(const tt_scenario *s, const tt_summary *sum,
                       tt_expect_result *results);

#endif
