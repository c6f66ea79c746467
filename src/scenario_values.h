/*
 * scenario_values.h - typed readers for scenario values, shared by the
 * scenario sections (scenario.c, scenario_workload.c).
 *
 * Each reader takes a node and the name the value goes by in messages, and
 * either fills *out or returns the error at the node's place.  Private to
 * the library.
 */
#ifndef TTSIM_SCENARIO_VALUES_H
#define TTSIM_SCENARIO_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "node.h"
#include "ttsim/scenario.h"

/* The longest duration a scenario may give anything (simtime.h). */
#define TT_SV_DURATION_MAX_DAYS TT_SPAN_MAX_DAYS
#define TT_SV_DURATION_MAX_US TT_SPAN_MAX_US

/*
 * The largest magnitude of any number of a metric model (`idle`,
 * `per_rps`, `min`, `max`, `noise`, a curve's points, a recorded value):
 * 2^359, the largest value CloudWatch stores ("1.174271e+108 (Base 10)"),
 * which is TargetValue's limit too.  No real metric is past it, and every
 * figure built from one stays finite: one instance's value is at most
 * 1.2e113 (a recorded value x a `capacity` of 1e5), noise adds at most
 * 8.6 standard deviations (the largest normal a draw gives), a statistic
 * over 1e5 instances reaches 1.2e118, and the capacity formula (x 1e5
 * instances / the smallest TargetValue, 8.5e-109) 1.4e231, far inside a
 * double's 1.8e308.  A linear model's per_rps x rps (rps at most 9e18, a
 * run's whole invocations in one second) is 1.1e127 before its cap.  What
 * the timeline writes, 1.2e118 at most, is below the 1e150 `ttsim plot`
 * reads back.
 */
#define TT_SV_METRIC_VALUE_MAX TT_METRIC_VALUE_MAX

/* The most a scenario's capacity may be (capacity.max, in instances or
 * copies), and the most instances an inference component may have. */
#define TT_SV_CAPACITY_MAX 100000

/* A recorded model's `capacity`: the most instances a scenario can have. */
#define TT_SV_RECORDED_CAPACITY_MAX TT_SV_CAPACITY_MAX

/* malloc'd copy of s, or NULL. */
char *tt_sv_strdup(const char *s);

/* Keep `name` alive as long as the scenario (locations point at it). */
tt_code tt_sv_keep_file(tt_scenario *s, const char *name, const char **out,
                        tt_diag *d);

/*
 * The file a `file:` node `n` names: resolved against `dir`, kept alive
 * with the scenario (*kept), and known to open, so a missing file is said
 * where the scenario names it ("cannot open WHAT 'path': reason").
 */
tt_code tt_sv_open_file(tt_scenario *s, const tt_node *n, const char *dir,
                        const char *what, const char **kept, tt_diag *d);

/* `path` relative to `dir` (NULL or "": as written); malloc'd or NULL. */
char *tt_sv_resolve_path(const char *dir, const char *path);

/* The directory part of `path` (malloc'd), NULL when none (or *failed). */
char *tt_sv_dir_of(const char *path, bool *failed);

/* "dir/scenario.yaml" -> "scenario" (malloc'd), or NULL. */
char *tt_sv_stem_of(const char *path);

/* A scalar's text as written, or its kind, for "got X" in messages. */
const char *tt_sv_text(const tt_node *n);

/* "300s": a time for messages; buf holds 32 bytes. */
const char *tt_sv_secs(tt_time_us t, char *buf);

/* A non-empty string. */
tt_code tt_sv_name(const tt_node *n, const char *what, const char **out,
                   tt_diag *d);

/* One of `names` (NULL-terminated); *out is its index. */
tt_code tt_sv_enum(const tt_node *n, const char *what, const char *const *names,
                   int *out, tt_diag *d);

/*
 * TT_ERANGE "'what' is too large, got GOT (at most MAX)" at loc: the one
 * message for a value past a limit.
 */
tt_code tt_sv_too_large(tt_diag *d, tt_loc loc, const char *what,
                        const char *got, const char *max);

/* A parsed duration `v` (written `got`) within TT_SV_DURATION_MAX_US. */
tt_code tt_sv_duration_bound(tt_time_us v, tt_loc loc, const char *what,
                             const char *got, tt_diag *d);

/* A finite number >= lo. */
tt_code tt_sv_number_ge(const tt_node *n, const char *what, double lo,
                        double *out, tt_diag *d);

/* A duration scalar: 90 (seconds), 90s, 250ms, 5m, 2h, 1d; at most
 * TT_SV_DURATION_MAX_US. */
tt_code tt_sv_duration(const tt_node *n, const char *what, tt_time_us *out,
                       tt_diag *d);
tt_code tt_sv_positive_duration(const tt_node *n, const char *what,
                                tt_time_us *out, tt_diag *d);

/* Bytes of the decimal number at the start of t ([+-]d[.d][e[+-]d]), 0 if
 * none. */
size_t tt_sv_number_span(const char *t);

/* A rate in invocations per minute: a number, or "N/s", "N/min", "N/h";
 * at most TT_WORKLOAD_RATE_MAX. */
tt_code tt_sv_rate(const tt_node *n, const char *what, double *out, tt_diag *d);

/* What a drawn duration is drawn for. */
typedef enum tt_sv_drawn_per {
	TT_SV_PER_INSTANCE, /* a delay: may be 0, never linear */
	TT_SV_PER_REQUEST   /* a service time: fixed > 0, draws not all 0 */
} tt_sv_drawn_per;

/*
 * `instance.WHAT`, a drawn duration (drawn_duration.h), into *out (WHAT
 * with a dot is the whole path: "inference_component.copy_load"): a
 * duration (fixed) or a map {dist: fixed (alias constant) | uniform |
 * exponential | lognormal | empirical | linear, ...}, every error at its
 * place.  The one parser of provisioning, deprovisioning and service
 * times: only `per` differs.  An empirical `file` is resolved against
 * `dir` and kept in the scenario's files, so errors inside it point at
 * its lines.  *out may hold memory on failure too: release it with
 * tt_drawn_duration_release.
 */
tt_code tt_sv_drawn(tt_scenario *s, const tt_node *n, const char *dir,
                    const char *what, tt_sv_drawn_per per,
                    tt_drawn_duration *out, tt_diag *d);

/* The `metrics:` section (scenario_metrics.c). */
tt_code tt_sv_metrics(tt_scenario *s, const tt_node *root, const char *dir,
                      tt_diag *d);

/* The `expect:` section (scenario_expect.c), after everything else. */
tt_code tt_sv_expect(tt_scenario *s, const tt_node *root, tt_diag *d);

/* The `workload:` section (scenario_workload.c). */
tt_code tt_sv_workload(tt_scenario *s, const tt_node *root, const char *dir,
                       tt_diag *d);

#endif
