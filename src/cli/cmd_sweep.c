/*
 * cmd_sweep.c - `ttsim sweep`: run a grid of what-ifs, one CSV of results.
 *
 * The library does the work (sweep.h); this file reads the options,
 * finds the shard from a batch system's environment when asked, draws a
 * progress bar when standard error is a terminal (the library reports
 * progress through a callback and never reads the clock), and writes the
 * table, the shard file or the picture atomically.
 *
 * While it runs, a sweep to a file keeps a journal beside it, FILE.partial
 * (sweep.h has its format): the grid's hash, then each combination's row
 * as soon as it has run, flushed, so a sweep stopped by Ctrl-C or a killed
 * job loses at most the runs in progress.  `--resume` reads the journal
 * back, runs the rest and writes the same bytes an uninterrupted sweep
 * would (the rows read back are the rows that were run, and the table is
 * written in grid order from complete rows either way).  The journal is
 * removed once the results are in place; without --resume a new sweep
 * replaces it.  A combination with bad input removes the journal (fixing
 * the input makes a new grid anyway), so such a sweep writes nothing; any
 * other failure (a file that cannot be read or written, memory) keeps it
 * when it holds a finished combination, and says so.
 *
 * The results and the picture of --svg are one commit (outfile.h): the
 * picture is drawn from the results' temporary file, and both are renamed
 * only when both are complete, the results last.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ttsim/outfile.h"
#include "ttsim/plot.h"
#include "ttsim/sweep.h"

static const char sweep_help[] =
        "usage: ttsim sweep SCENARIO.yaml --set KEY=V1,V2,... [--set ...] "
        "-o FILE\n"
        "                   [--jobs N] [--shard I/N|auto|auto/N] "
        "[--pareto F1,F2,...]\n"
        "                   [--svg FILE] [--resume] [-q]\n"
        "\n"
        "Run the scenario once per combination of the --set values (the "
        "first\n"
        "--set varies slowest) and write one CSV row per combination: the\n"
        "values, then the run's summary figures (docs/outputs.md).\n"
        "\n"
        "  --set KEY=VALUES   values separated by commas (outside {} [] and "
        "quotes);\n"
        "                     START:STOP:STEP is a range of numbers "
        "(50:80:10) or\n"
        "                     durations (1m:5m:1m), STOP included when a "
        "step lands\n"
        "                     on it\n"
        "  -o, --output FILE  the results (or this shard's part of them)\n"
        "  --jobs N           threads (default: every online core)\n"
        "  --shard I/N        run only combinations I, I+N, I+2N, ... "
        "(from 1) and\n"
        "                     write a shard file for 'ttsim merge'\n"
        "  --shard auto[/N]   I and N from Slurm (SLURM_ARRAY_TASK_ID, "
        "..._COUNT),\n"
        "                     a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) "
        "or an\n"
        "                     AWS Batch array job "
        "(AWS_BATCH_JOB_ARRAY_INDEX)\n"
        "  --pareto F1,F2     add a 'pareto' column: 1 for rows no other row "
        "beats\n"
        "                     on every figure (all minimised)\n"
        "  --svg FILE         also draw the table: the two --pareto figures\n"
        "                     (default cost and minutes_over_target)\n"
        "  --resume           carry on an interrupted sweep: reuse the rows "
        "in\n"
        "                     FILE.partial (the journal every sweep keeps "
        "until\n"
        "                     FILE is written) and run only the rest\n"
        "  -q, --quiet        no progress bar, no summary line\n";

/* ---- the progress bar ---- */

typedef struct progress {
	struct timespec start;
	double last_draw;
} progress;

static double since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
	       (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void draw_progress(void *ctx, size_t done, size_t total)
{
	progress *p = ctx;
	double t = since(&p->start);
	if (done < total && t - p->last_draw < 0.1)
		return;
	p->last_draw = t;
	enum { WIDTH = 30 };
	char bar[WIDTH + 1];
	size_t fill = total ? done * WIDTH / total : WIDTH;
	for (size_t i = 0; i < WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[WIDTH] = '\0';
	long eta =
	        done ? (long)(t / (double)done * (double)(total - done) + 0.5)
	             : -1;
	if (eta >= 0)
		fprintf(stderr, "\r[%s] %zu/%zu  ETA %ld:%02ld:%02ld ", bar,
		        done, total, eta / 3600, eta / 60 % 60, eta % 60);
	else
		fprintf(stderr, "\r[%s] %zu/%zu  ETA --:--:-- ", bar, done,
		        total);
	fflush(stderr);
}

/* ---- shards ---- */

static bool parse_size(const char *s, size_t *out)
{
	char *end;
	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > (unsigned long long)SIZE_MAX)
		return false;
	*out = (size_t)v;
	return true;
}

/*
 * `--shard I/N` (I from 1), `auto` (Slurm), or `auto/N` (any of Slurm,
 * a Kubernetes Indexed Job, an AWS Batch array job).  Into *shard
 * (from 0) and *shards, or a usage error.
 */
static int parse_shard(const char *text, size_t *shard, size_t *shards)
{
	size_t i, n = 0;
	const char *slash = strchr(text, '/');

	if (strncmp(text, "auto", 4) == 0 && (!text[4] || text[4] == '/')) {
		if (slash && (!parse_size(slash + 1, &n) || n == 0))
			return tt_cli_usage_error(
			        "sweep",
			        "invalid --shard '%s' (expected auto/N "
			        "with N >= 1)",
			        text);
		const char *id = getenv("SLURM_ARRAY_TASK_ID");
		if (id) {
			size_t count, min = 0, step = 1, task;
			const char *c = getenv("SLURM_ARRAY_TASK_COUNT");
			const char *m = getenv("SLURM_ARRAY_TASK_MIN");
			const char *st = getenv("SLURM_ARRAY_TASK_STEP");
			if (!parse_size(id, &task) || !parse_size(c, &count) ||
			    (m && !parse_size(m, &min)) ||
			    (st && (!parse_size(st, &step) || step == 0)) ||
			    task < min || (task - min) % step ||
			    (task - min) / step >= count)
				return tt_cli_usage_error(
				        "sweep",
				        "--shard auto: cannot make a shard of "
				        "SLURM_ARRAY_TASK_ID=%s, "
				        "SLURM_ARRAY_TASK_COUNT=%s",
				        id, c ? c : "(unset)");
			if (n && n != count)
				return tt_cli_usage_error(
				        "sweep",
				        "--shard %s, but Slurm's array has %zu "
				        "tasks",
				        text, count);
			*shard = (task - min) / step;
			*shards = count;
			return TT_EXIT_OK;
		}
		const char *names[] = {"JOB_COMPLETION_INDEX",
		                       "AWS_BATCH_JOB_ARRAY_INDEX"};
		for (int k = 0; k < 2; k++) {
			const char *v = getenv(names[k]);
			if (!v)
				continue;
			if (!n)
				return tt_cli_usage_error(
				        "sweep",
				        "--shard auto: %s is set but the "
				        "number of shards is not: give "
				        "--shard auto/N",
				        names[k]);
			if (!parse_size(v, &i) || i >= n)
				return tt_cli_usage_error(
				        "sweep",
				        "--shard %s: %s=%s is not in 0..%zu",
				        text, names[k], v, n - 1);
			*shard = i;
			*shards = n;
			return TT_EXIT_OK;
		}
		return tt_cli_usage_error(
		        "sweep",
		        "--shard auto: no array index in the environment "
		        "(SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, "
		        "AWS_BATCH_JOB_ARRAY_INDEX)");
	}
	char buf[64];
	if (!slash || strlen(text) >= sizeof buf)
		return tt_cli_usage_error(
		        "sweep",
		        "invalid --shard '%s' (expected I/N, auto or "
		        "auto/N)",
		        text);
	memcpy(buf, text, (size_t)(slash - text));
	buf[slash - text] = '\0';
	if (!parse_size(buf, &i) || !parse_size(slash + 1, &n) || n == 0 ||
	    i < 1 || i > n)
		return tt_cli_usage_error(
		        "sweep",
		        "invalid --shard '%s' (expected I/N with 1 <= I <= N)",
		        text);
	*shard = i - 1;
	*shards = n;
	return TT_EXIT_OK;
}

/* ---- the journal ---- */

typedef struct journal {
	char *path; /* FILE.partial */
	FILE *f;    /* open for appending while the sweep runs */
	tt_sweep_shard_info info;
	size_t rows; /* finished combinations in it */
	bool broken; /* writing it failed: the sweep stopped for that */
} journal;

static tt_code journal_row(void *ctx, const tt_sweep_row *row, size_t n_keys,
                           tt_diag *d)
{
	journal *j = ctx;
	(void)n_keys; /* j->info.keys */
	tt_code rc = tt_sweep_journal_add(j->f, j->path, &j->info, row, d);
	if (rc)
		j->broken = true;
	else
		j->rows++;
	return rc;
}

/* Close the journal and remove it.  Accepts a journal never started. */
static void journal_remove(journal *j)
{
	if (!j->f)
		return;
	fclose(j->f);
	j->f = NULL;
	unlink(j->path);
}

/*
 * A sweep that failed with its journal open (every failure but a
 * combination's bad input, which removes it first): keep the journal when
 * it holds work a --resume can reuse, and say so; else remove it.
 */
static void journal_after_failure(journal *j)
{
	if (!j->rows) {
		journal_remove(j);
		return;
	}
	fclose(j->f);
	j->f = NULL;
	tt_cli_printf(stderr,
	              "ttsim sweep: note: '%s' keeps %zu finished "
	              "combination%s: run again with --resume to reuse %s\n",
	              j->path, j->rows, j->rows == 1 ? "" : "s",
	              j->rows == 1 ? "it" : "them");
}

/*
 * Read the journal when resuming (none yet: nothing to reuse), then put a
 * fresh one in its place holding the rows kept (written whole and renamed,
 * so a journal never goes missing) and open it for appending.
 */
static tt_code journal_start(journal *j, bool resume, bool quiet,
                             tt_sweep_table *kept, tt_diag *d)
{
	tt_outfile o = {0};
	tt_code rc;

	if (resume) {
		if (access(j->path, F_OK) == 0) {
			if ((rc = tt_sweep_journal_read(j->path, &j->info, kept,
			                                d)))
				return rc;
		} else if (!quiet) {
			tt_cli_printf(stderr,
			              "ttsim sweep: note: no journal '%s': "
			              "running every combination\n",
			              j->path);
		}
	}
	if ((rc = tt_cli_outfile_open(&o, j->path, d)))
		return rc;
	rc = tt_sweep_journal_begin(o.f, j->path, &j->info, d);
	for (size_t i = 0; !rc && i < kept->n_rows; i++)
		rc = tt_sweep_journal_add(o.f, j->path, &j->info,
		                          &kept->rows[i], d);
	if (rc) {
		tt_cli_outfile_abort(&o);
		return rc;
	}
	if ((rc = tt_cli_outfile_commit(&o, d)))
		return rc;
	if (!(j->f = fopen(j->path, "a"))) {
		int err = errno;
		return tt_diag_set(d, TT_EIO, (tt_loc){0},
		                   "cannot open '%s': %s", j->path,
		                   strerror(err));
	}
	j->rows = kept->n_rows;
	return TT_OK;
}

/* ---- writing ---- */

/*
 * The table into out[1] (opened here on the results file), and with --svg
 * its picture, drawn from the results' temporary file, into out[0]; then
 * both committed as one group in that order, the results last: new
 * results mean a new picture.  Whatever is left open on failure, the
 * caller aborts.
 */
static tt_code write_results(tt_outfile *out, const char *output,
                             const char *svg, const tt_sweep_table *table,
                             const tt_sweep_shard_info *shard,
                             char *const *pareto, size_t n_pareto, tt_diag *d)
{
	tt_outfile *res = &out[1];
	tt_code rc = tt_cli_outfile_open(res, output, d);
	if (rc)
		return rc;
	rc = shard ? tt_sweep_write_shard(res->f, table, shard, d)
	           : tt_sweep_write_csv(res->f, table, pareto, n_pareto, d);
	if (rc)
		return rc;
	if (!svg)
		return tt_cli_outfile_commit(res, d);
	const char *x = n_pareto >= 2 ? pareto[0] : "cost";
	const char *y = n_pareto >= 2 ? pareto[1] : "minutes_over_target";
	if ((rc = tt_outfile_flush(res, d)) ||
	    (rc = tt_cli_outfile_open(&out[0], svg, d)) ||
	    (rc = tt_plot_sweep_as(tt_outfile_name(res), output, x, y, out[0].f,
	                           d)))
		return rc;
	return tt_cli_outfile_commit_group(out, 2, d);
}

int tt_cmd_sweep(int argc, char **argv)
{
	const char *scenario = NULL, *output = NULL, *jobs_text = NULL;
	const char *shard_text = NULL, *pareto_text = NULL, *svg = NULL;
	bool quiet = false, resume = false;
	tt_sweep_grid grid = {0};
	tt_sweep_table table = {0}, kept = {0};
	journal j = {0};
	tt_outfile out[2] = {{0}}; /* the picture of --svg, the results */
	char **pareto = NULL;
	size_t n_pareto = 0;
	tt_diag d;
	int code = TT_EXIT_OK;

	tt_diag_clear(&d);
	enum {
		OPT_SET = TT_CLI_LONG,
		OPT_SHARD,
		OPT_PARETO,
		OPT_SVG,
		OPT_RESUME
	};
	static const struct option longs[] = {
	        {"help", no_argument, NULL, 'h'},
	        {"quiet", no_argument, NULL, 'q'},
	        {"output", required_argument, NULL, 'o'},
	        {"jobs", required_argument, NULL, 'j'},
	        {"set", required_argument, NULL, OPT_SET},
	        {"shard", required_argument, NULL, OPT_SHARD},
	        {"pareto", required_argument, NULL, OPT_PARETO},
	        {"svg", required_argument, NULL, OPT_SVG},
	        {"resume", no_argument, NULL, OPT_RESUME},
	        {0}};
	tt_cli_args a;
	tt_cli_args_init(&a, "sweep", argc, argv, "hqo:j:", longs);
	for (int c; (c = tt_cli_args_next(&a)) != TT_CLI_DONE;) {
		switch (c) {
		case 'h':
			fputs(sweep_help, stdout);
			goto release;
		case 'q':
			quiet = true;
			break;
		case OPT_RESUME:
			resume = true;
			break;
		case OPT_SET:
			if (tt_sweep_grid_add(&grid, a.arg, &d)) {
				code = tt_cli_fail(&d);
				goto release;
			}
			break;
		case 'o':
			output = a.arg;
			break;
		case 'j':
			jobs_text = a.arg;
			break;
		case OPT_SHARD:
			shard_text = a.arg;
			break;
		case OPT_PARETO:
			pareto_text = a.arg;
			break;
		case OPT_SVG:
			svg = a.arg;
			break;
		case TT_CLI_OPERAND:
			if (scenario) {
				code = tt_cli_usage_error(
				        "sweep",
				        "more than one scenario given ('%s', "
				        "'%s')",
				        scenario, a.arg);
				goto release;
			}
			scenario = a.arg;
			break;
		default: /* TT_CLI_BAD, reported */
			code = TT_EXIT_INPUT;
			goto release;
		}
	}
	if (!scenario || !strcmp(scenario, "-")) {
		code = tt_cli_usage_error(
		        "sweep", "give a scenario file (every combination "
		                 "reads it afresh)");
		goto release;
	}
	if (!output) {
		code = tt_cli_usage_error("sweep", "give the results file "
		                                   "with -o FILE");
		goto release;
	}

	tt_sweep_options o = {0};
	if ((code = tt_cli_jobs("sweep", jobs_text, &o.jobs)))
		goto release;
	if (shard_text && (code = parse_shard(shard_text, &o.shard, &o.shards)))
		goto release;
	if (shard_text && svg) {
		code = tt_cli_usage_error(
		        "sweep", "--svg needs the whole table: draw it after "
		                 "'ttsim merge' with 'ttsim plot'");
		goto release;
	}
	if (svg && !strcmp(output, "-")) {
		code = tt_cli_usage_error(
		        "sweep", "--svg is drawn from the results file: give "
		                 "-o FILE, not -o -");
		goto release;
	}
	if (pareto_text &&
	    tt_sweep_parse_pareto(pareto_text, &pareto, &n_pareto, &d)) {
		code = tt_cli_fail(&d);
		goto release;
	}

	/*
	 * The journal is made before the first run, so a directory that
	 * cannot take the results fails now, not after hours of runs.  The
	 * results file itself is opened only at the end: a job killed with
	 * SIGKILL, which no handler sees, leaves no temporary file.  Standard
	 * output or a device (/dev/null) keeps no journal.
	 */
	bool to_stdout = !strcmp(output, "-");
	struct stat st;
	bool device = !to_stdout && stat(output, &st) == 0 &&
	              (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
	if (resume && (to_stdout || device)) {
		code = tt_cli_usage_error(
		        "sweep", "--resume needs a results file: its journal "
		                 "is FILE.partial beside it");
		goto release;
	}
	if (!to_stdout && !device) {
		size_t n = strlen(output);
		if (!(j.path = malloc(n + sizeof ".partial"))) {
			tt_diag_nomem(&d, (tt_loc){0});
			code = tt_cli_fail(&d);
			goto release;
		}
		memcpy(j.path, output, n);
		memcpy(j.path + n, ".partial", sizeof ".partial");
		j.info.shard = o.shard;
		j.info.shards = o.shards ? o.shards : 1;
		j.info.total = tt_sweep_grid_count(&grid);
		j.info.keys = grid.n_axes;
		if (tt_sweep_fingerprint(scenario, &grid, "", &j.info.grid,
		                         &d) ||
		    journal_start(&j, resume, quiet, &kept, &d)) {
			code = tt_cli_fail(&d);
			goto release;
		}
		o.on_row = journal_row;
		o.row_ctx = &j;
		o.resume = &kept;
	}

	progress prog = {0};
	clock_gettime(CLOCK_MONOTONIC, &prog.start);
	bool bar = !quiet && isatty(STDERR_FILENO);
	if (bar) {
		o.progress = draw_progress;
		o.progress_ctx = &prog;
	}
	tt_code rc = tt_sweep_run(scenario, &grid, &o, &table, &d);
	if (bar)
		fputs("\r\033[K", stderr);
	if (rc) {
		/*
		 * A combination's input is bad: fixing it changes the grid's
		 * hash, so the journal could never be resumed.  A file that
		 * could not be read or memory that ran out may come back:
		 * then the journal stays.
		 */
		if (!j.broken && (rc == TT_ESYNTAX || rc == TT_EINVAL ||
		                  rc == TT_ERANGE || rc == TT_EUNSUPPORTED))
			journal_remove(&j);
		code = tt_cli_fail(&d);
		goto release;
	}
	double secs = since(&prog.start);

	tt_sweep_shard_info shard = {0};
	if (shard_text) {
		shard.shard = o.shard;
		shard.shards = o.shards;
		shard.total = table.total;
		snprintf(shard.pareto, sizeof shard.pareto, "%s",
		         pareto_text ? pareto_text : "");
		rc = tt_sweep_fingerprint(scenario, &grid, shard.pareto,
		                          &shard.grid, &d);
	}
	if (!rc && to_stdout)
		rc = shard_text
		             ? tt_sweep_write_shard(stdout, &table, &shard, &d)
		             : tt_sweep_write_csv(stdout, &table, pareto,
		                                  n_pareto, &d);
	else if (!rc)
		rc = write_results(out, output, svg, &table,
		                   shard_text ? &shard : NULL, pareto, n_pareto,
		                   &d);
	if (rc) {
		code = tt_cli_fail(&d);
		goto release;
	}
	/* The results are in place: the journal has done its work. */
	journal_remove(&j);
	if (!quiet && !to_stdout) {
		printf("ttsim sweep: %zu combination%s", table.n_rows,
		       table.n_rows == 1 ? "" : "s");
		if (kept.n_rows)
			printf(" (%zu from the journal)", kept.n_rows);
		if (shard_text)
			printf(" (shard %zu/%zu of %zu)", o.shard + 1, o.shards,
			       table.total);
		tt_cli_printf(stdout,
		              " in %.2f s on %u thread%s (%.1f runs/s), wrote "
		              "%s%s%s\n",
		              secs, o.jobs, o.jobs == 1 ? "" : "s",
		              secs > 0 ? (double)(table.n_rows - kept.n_rows) /
		                                 secs
		                       : 0.0,
		              output, svg ? " and " : "", svg ? svg : "");
	}

release:
	tt_cli_outfile_abort(&out[0]);
	tt_cli_outfile_abort(&out[1]);
	if (j.f)
		journal_after_failure(&j);
	free(j.path);
	tt_sweep_table_release(&kept);
	tt_sweep_names_free(pareto, n_pareto);
	tt_sweep_table_release(&table);
	tt_sweep_grid_release(&grid);
	return code;
}
