/*
 * sweep.h - what-if grids: many runs of one scenario, one table of results.
 *
 * A sweep takes a scenario and a few `--set KEY=V1,V2,...` axes, runs
 * every combination of their values (each a scenario loaded with those
 * overrides, run with no outputs but its summary) on several threads, and
 * writes one CSV row per combination: the values, then the run's summary
 * figures (figures.h).  The table is the same bytes whatever the thread
 * count, and a grid can be split into shards run on different machines
 * and merged back into exactly the file one machine would have written.
 *
 * Combinations are numbered from 0 here and from 1 in files and messages
 * (the rows of the results file); the first axis varies slowest.  The
 * syntax of axis values and the file formats are in docs/cli.md.
 */
#ifndef TTSIM_SWEEP_H
#define TTSIM_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ttsim/diag.h"
#include "ttsim/figures.h"
#include "ttsim/scenario.h"

/* Largest grid a sweep accepts. */
#define TT_SWEEP_MAX_COMBINATIONS ((size_t)10000000)

/* One `--set`: a key and its values (YAML texts) in order. */
typedef struct tt_sweep_axis {
	char *key;
	char **values;
	size_t n;
	const char *option; /* the grid's option when it was added */
} tt_sweep_axis;

/* The axes in the order given.  Zero-initialise; release when done. */
typedef struct tt_sweep_grid {
	tt_sweep_axis *axes;
	size_t n_axes;
	/* The option axes are added from, as messages name it (static
	 * text): NULL is "--set"; `ttsim calibrate` adds "--fit" axes. */
	const char *option;
} tt_sweep_grid;

/*
 * Add the axis `KEY=V1,V2,...` to the grid.  Values are split at commas
 * outside brackets, braces and quotes (so `{min: 4m, max: 7m}` is one
 * value), and an item `START:STOP:STEP` is a range: numbers (`50:80:10`)
 * or durations (`1m:5m:1m`), STEP > 0, STOP included when a step lands
 * on it.  Errors (TT_EINVAL, TT_ERANGE): no '=', an empty key or value, a
 * key given twice, a bad range, a grid over TT_SWEEP_MAX_COMBINATIONS;
 * the message's file is "--set 'SPEC'".  TT_ENOMEM.
 */
tt_code tt_sweep_grid_add(tt_sweep_grid *g, const char *spec, tt_diag *d);

/* Combinations in the grid: the product of the axes' sizes (1 if none). */
size_t tt_sweep_grid_count(const tt_sweep_grid *g);

/*
 * The overrides of combination `index` (< count) into out[0..n_axes):
 * keys and values borrowed from the grid.
 */
void tt_sweep_grid_combination(const tt_sweep_grid *g, size_t index,
                               tt_override *out);

/* Free what the grid owns.  Accepts a zeroed grid. */
void tt_sweep_grid_release(tt_sweep_grid *g);

/* One combination's results.  Every pointer is owned by the row. */
typedef struct tt_sweep_row {
	size_t index;    /* in the grid, from 0 */
	char **values;   /* one text per key of the table */
	char **names;    /* the figures the run has, in figures.h order */
	double *figures; /* their values */
	size_t n_figures;
} tt_sweep_row;

/* Rows of a sweep or of merged shards. */
typedef struct tt_sweep_table {
	char **keys; /* the axes' keys: the first columns */
	size_t n_keys;
	size_t total; /* combinations in the whole grid */
	tt_sweep_row *rows;
	size_t n_rows;
} tt_sweep_table;

/* Free what the table owns.  Accepts a zeroed table. */
void tt_sweep_table_release(tt_sweep_table *t);

/*
 * Called as combinations finish, one call at a time (from the worker
 * threads, under the sweep's lock: keep it short).  `done` of `total`
 * (the combinations of this shard).
 */
typedef void (*tt_sweep_progress_fn)(void *ctx, size_t done, size_t total);

/*
 * Called with each combination's row as soon as it has run (not for the
 * resumed ones), one call at a time under the sweep's lock, in the order
 * the runs finish (which varies with the thread count).  `n_keys` values
 * in row->values.  A non-zero return stops the sweep as a failing
 * combination would, with the callback's message in `d`: the journal of
 * an interrupted sweep is written this way (tt_sweep_journal_add).
 */
typedef tt_code (*tt_sweep_row_fn)(void *ctx, const tt_sweep_row *row,
                                   size_t n_keys, tt_diag *d);

/*
 * What a combination computes from its loaded scenario, in place of a
 * run and its summary figures: at most TT_FIGURES_MAX figures into figs
 * (names static), their number into *n.  Called from the worker threads
 * at once, so it must only read what it shares (`ctx`); the scenario is
 * its own.  `ttsim calibrate --fit` scores each setting this way.
 */
typedef tt_code (*tt_sweep_eval_fn)(void *ctx, const tt_scenario *s,
                                    tt_figure *figs, size_t *n, tt_diag *d);

typedef struct tt_sweep_options {
	unsigned jobs; /* threads; 0 means 1 */
	size_t shard;  /* run combinations with index % shards == shard */
	size_t shards; /* 0 or 1: the whole grid */
	tt_sweep_progress_fn progress; /* NULL: none */
	void *progress_ctx;
	tt_sweep_row_fn on_row; /* NULL: none */
	void *row_ctx;
	/*
	 * Rows already run, e.g. read back from a journal: copied into the
	 * table and not run again.  Each must belong to this shard, hold
	 * its combination's values and appear once.  NULL: none.
	 */
	const tt_sweep_table *resume;
	tt_sweep_eval_fn evaluate; /* NULL: tt_sim_run and its figures */
	void *eval_ctx;
} tt_sweep_options;

/*
 * Run the combinations of the grid (or of one shard of it) on the
 * scenario file at `path`, each loaded on its own with
 * tt_scenario_load_file_with and run with tt_sim_run, on o->jobs
 * threads.  On success *out holds one row per combination in grid order
 * (release with tt_sweep_table_release).  On failure *out is empty and
 * `d` holds the error of the first failing combination in grid order,
 * its message ending with "(combination 3 of 8: KEY=V, KEY=V)"; the
 * sweep stops at the first failure.  TT_EINVAL for a shard outside
 * [0, shards) or a resumed row that does not fit the grid, TT_ENOMEM.
 * The table is the same with or without resumed rows, as long as they
 * were written by this grid's runs.
 */
tt_code tt_sweep_run(const char *path, const tt_sweep_grid *g,
                     const tt_sweep_options *o, tt_sweep_table *out,
                     tt_diag *d);

/*
 * The Pareto front of `rows` rows of `k` objectives (row-major), all to
 * be minimised: front[i] = 1 when no other row is <= in every objective
 * and < in one, else 0.  Equal rows do not dominate each other.
 */
void tt_sweep_pareto(const double *values, size_t rows, size_t k,
                     unsigned char *front);

/*
 * Split "cost,p99_latency_ms" into figure names (malloc'd array of
 * malloc'd strings, free with tt_sweep_names_free).  Each must be a
 * figure name (tt_figure_known), given once: TT_EINVAL otherwise.
 */
tt_code tt_sweep_parse_pareto(const char *text, char ***names, size_t *n,
                              tt_diag *d);
void tt_sweep_names_free(char **names, size_t n);

/*
 * Write the results CSV of a complete table (rows in grid order, one per
 * combination): a header of the keys and of every figure some row has
 * (empty cells where a row has none), then a `pareto` column when
 * n_pareto > 0.  TT_EINVAL when a Pareto figure is missing from a row;
 * TT_EIO when writing fails; TT_EINTERNAL for a figure that is not finite
 * (fmt.h: what is on `f` then is to be discarded).
 */
tt_code tt_sweep_write_csv(FILE *f, const tt_sweep_table *t,
                           char *const *pareto, size_t n_pareto, tt_diag *d);

/*
 * A shard's identity: which grid (a hash of the scenario file's bytes,
 * the expanded axes and the Pareto list), which shard of how many.
 */
typedef struct tt_sweep_shard_info {
	uint64_t grid;
	size_t shard; /* from 0 */
	size_t shards;
	size_t total;     /* combinations in the whole grid */
	size_t keys;      /* the grid's axes (set by tt_sweep_write_shard's
	                  reader; the writer takes them from the table) */
	char pareto[256]; /* the Pareto figures as given, "" for none */
} tt_sweep_shard_info;

/* The grid hash of tt_sweep_shard_info: reads the scenario file (TT_EIO). */
tt_code tt_sweep_fingerprint(const char *path, const tt_sweep_grid *g,
                             const char *pareto, uint64_t *out, tt_diag *d);

/*
 * Write a shard file: a first line
 *   # ttsim sweep shard 2/4 grid=0123456789abcdef combinations=24 keys=2 pareto=
 * then a CSV of `combination` (from 1), the keys and the figures.
 */
tt_code tt_sweep_write_shard(FILE *f, const tt_sweep_table *t,
                             const tt_sweep_shard_info *info, tt_diag *d);

/*
 * Read shard files into one complete table in grid order and the info
 * they share.  Refused (TT_EINVAL, at the file): a file that is not a
 * shard, shards of different grids, a shard or a combination given
 * twice, combinations missing, a figure that is not a finite number.
 */
tt_code tt_sweep_merge(const char *const *paths, size_t n, tt_sweep_table *out,
                       tt_sweep_shard_info *info, tt_diag *d);

/*
 * The journal of a sweep in progress, which lets an interrupted sweep
 * (Ctrl-C, a killed job) resume where it stopped.  Its first line names
 * the grid and the shard:
 *   # ttsim sweep journal 1/1 grid=0123456789abcdef combinations=24 keys=2
 * (the grid hash of tt_sweep_fingerprint with no Pareto list: the rows do
 * not depend on it); then one CSV line per finished combination, in the
 * order they finished: the combination (from 1), the keys' values, then
 * each figure as a name and its value (shortest round-trip form), so the
 * rows read back are exactly the rows that were run; last the line's
 * checksum, 16 lowercase hex digits: FNV-1a 64 over the grid hash as 16
 * lowercase hex digits, then each field before it (as text, unquoted)
 * followed by a zero byte.
 */

/* Write the first line and flush.  TT_EIO naming `name` when it fails. */
tt_code tt_sweep_journal_begin(FILE *f, const char *name,
                               const tt_sweep_shard_info *info, tt_diag *d);

/*
 * Append one row's line (info->keys values, the checksum made with
 * info->grid) and flush it.  TT_EIO naming `name`; TT_EINTERNAL for a
 * figure that is not finite (fmt.h), refused before anything is written.
 */
tt_code tt_sweep_journal_add(FILE *f, const char *name,
                             const tt_sweep_shard_info *info,
                             const tt_sweep_row *row, tt_diag *d);

/*
 * Read the journal at `path` into *out (rows by combination, keys not
 * set; release with tt_sweep_table_release).  A last line without its
 * line end (the process died writing it) is dropped.  Refused
 * (TT_EINVAL, at the file and line): not a journal, a journal of another
 * grid, shard or number of keys than `want` (grid, shard, shards, total,
 * keys), a line whose checksum does not match ("FILE:LINE:1: journal line
 * does not match its checksum ..."), a malformed line, a figure that is
 * not a finite number, a combination outside the shard or given twice.
 * TT_EIO when it cannot be read.
 */
tt_code tt_sweep_journal_read(const char *path, const tt_sweep_shard_info *want,
                              tt_sweep_table *out, tt_diag *d);

#endif
