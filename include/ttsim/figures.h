/*
 * figures.h - a run's summary as named numbers.
 *
 * Expectations (`expect:` in a scenario), sweep result tables and reports
 * all name the same figures: this module is the one list of them, in a
 * fixed order, so a figure has one name everywhere (docs/outputs.md lists
 * them).  Request-mode figures are absent from fluid runs.
 */
#ifndef TTSIM_FIGURES_H
#define TTSIM_FIGURES_H

#include <stdbool.h>
#include <stddef.h>

#include "ttsim/scenario.h"
#include "ttsim/sim.h"

typedef struct tt_figure {
	const char *name; /* static text */
	double value;
} tt_figure;

/* How many figures tt_summary_figures can give at most. */
#define TT_FIGURES_MAX 64

/*
 * The figures of a finished run, in the fixed order, into out (room for
 * TT_FIGURES_MAX).  Returns how many.
 */
size_t tt_summary_figures(const tt_scenario *s, const tt_summary *sum,
                          tt_figure *out);

/* One figure by name: true and *value, or false when the run has none by
 * that name. */
bool tt_summary_figure(const tt_scenario *s, const tt_summary *sum,
                       const char *name, double *value);

/* Whether `name` is a figure some run can have (for checking `expect:`
 * keys and sweep columns before running). */
bool tt_figure_known(const char *name);

/* Whether `name` is a figure only request-mode runs have (latencies,
 * errors); false for unknown names. */
bool tt_figure_request_only(const char *name);

/* Whether `name` is a figure only inference components have (copies,
 * time at zero, cold starts); false for unknown names. */
bool tt_figure_ic_only(const char *name);

/* Every figure name, fluid and request, in output order, NULL-terminated
 * (static; for messages that list them). */
const char *const *tt_figure_names(void);

#endif
