/*
 * ttsim.h - the whole public API of libttsim.
 *
 * libttsim simulates AWS Application Auto Scaling target tracking: load a
 * scenario (scenario.h), run it (sim.h) with a recorder (report.h writes
 * the standard files), read the summary (figures.h), check it (expect.h),
 * draw it (plot.h, report_html.h); sweep a grid of overrides (sweep.h),
 * test a custom metric (metric_check.h), say what a file is (validate.h).
 * The library never prints, never exits, never reads the clock; errors
 * come back as tt_code plus tt_diag.  What the engine is made of (the
 * event heap, the fleet, alarms, the controller, metrics, request-mode
 * servers) is internal: its headers live in src/.  docs/development.md
 * says why.
 */
#ifndef TTSIM_TTSIM_H
#define TTSIM_TTSIM_H

#include "ttsim/calibrate.h"
#include "ttsim/compare.h"
#include "ttsim/csv_recorder.h"
#include "ttsim/decision.h"
#include "ttsim/diag.h"
#include "ttsim/drawn_duration.h"
#include "ttsim/elasticity.h"
#include "ttsim/expect.h"
#include "ttsim/figures.h"
#include "ttsim/fmt.h"
#include "ttsim/junit.h"
#include "ttsim/metric_check.h"
#include "ttsim/outfile.h"
#include "ttsim/plot.h"
#include "ttsim/policy.h"
#include "ttsim/report.h"
#include "ttsim/report_html.h"
#include "ttsim/resource.h"
#include "ttsim/rng.h"
#include "ttsim/scenario.h"
#include "ttsim/sim.h"
#include "ttsim/simtime.h"
#include "ttsim/sweep.h"
#include "ttsim/validate.h"
#include "ttsim/workload.h"

#endif
