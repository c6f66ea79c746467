/*
 * sweep.c - what-if grids run in parallel, their table, shards and merge.
 *
 * A grid is a list of axes, each a key and its values; combination i
 * takes one value per axis like an odometer whose last wheel turns
 * fastest.  Worker threads take combinations in grid order from one
 * counter; each loads the scenario afresh with its overrides (no two
 * threads share a scenario, the library has no globals) and runs it with
 * no recorder, keeping only the summary's figures.  The rows are stored
 * by position, so the table does not depend on which thread ran what.
 *
 * When a combination fails the workers take no more.  Combinations are
 * handed out in order, so every combination before the first one seen to
 * fail was already taken and finishes: the error reported is that of the
 * first failing combination in grid order, whatever the thread count.
 *
 * The results CSV is written from a complete table by one function, used
 * both by a single-machine sweep and by a merge of shards, so the two are
 * the same bytes by construction: a shard file keeps each row's values
 * as text and its figures in their shortest round-trip form.
 */
#include "ttsim/sweep.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "trace_cache.h"
#include "ttsim/figures.h"
#include "ttsim/fmt.h"
#include "ttsim/sim.h"
#include "ttsim/simtime.h"

#define MAX_AXIS_VALUES ((size_t)1000000)

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* ---- the grid ---- */

/* An axis being built, with the label its messages carry. */
typedef struct axis_build {
	tt_sweep_axis *a;
	const char *label; /* "--set 'SPEC'" */
	tt_diag *d;
} axis_build;

static tt_code push_value(axis_build *b, char *v)
{
	tt_sweep_axis *a = b->a;
	if (!v)
		return tt_diag_nomem(b->d, (tt_loc){0});
	if (a->n == MAX_AXIS_VALUES) {
		free(v);
		return tt_diag_set(b->d, TT_ERANGE, (tt_loc){b->label, 0, 0},
		                   "more than %zu values for '%s'",
		                   MAX_AXIS_VALUES, a->key);
	}
	/* grow by doubling: capacity is the next power of two */
	if ((a->n & (a->n - 1)) == 0) {
		size_t cap = a->n ? a->n * 2 : 1;
		char **p = realloc(a->values, cap * sizeof *p);
		if (!p) {
			free(v);
			return tt_diag_nomem(b->d, (tt_loc){0});
		}
		a->values = p;
	}
	a->values[a->n++] = v;
	return TT_OK;
}

/* Decimal number, nothing else: "50", "-1.5", "2e3". */
static bool plain_number(const char *s, size_t n, double *out)
{
	char buf[64];
	char *end;
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!strchr("+-.0123456789", buf[0]))
		return false;
	errno = 0;
	*out = strtod(buf, &end);
	return !errno && *end == '\0' && isfinite(*out);
}

/* Digits after the point, or -1 when written with an exponent. */
static int decimals(const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);
	if (memchr(s, 'e', n) || memchr(s, 'E', n))
		return -1;
	return dot ? (int)(n - (size_t)(dot - s) - 1) : 0;
}

static bool has_unit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z'))
			return true;
	return false;
}

static bool duration_of(const char *s, size_t n, tt_time_us *out)
{
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return tt_duration_parse(buf, (tt_loc){0}, out, NULL) == TT_OK;
}

/* A duration in the largest unit that divides every value of a range. */
static char *duration_text(tt_time_us v, tt_time_us unit_of)
{
	static const struct {
		tt_time_us us;
		const char *suffix;
	} units[] = {{86400 * TT_US_PER_S, "d"},
	             {3600 * TT_US_PER_S, "h"},
	             {60 * TT_US_PER_S, "m"},
	             {TT_US_PER_S, "s"},
	             {1000, "ms"}};
	char buf[64];
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (unit_of % units[i].us == 0) {
			snprintf(buf, sizeof buf, "%" PRId64 "%s",
			         v / units[i].us, units[i].suffix);
			return dup_n(buf, strlen(buf));
		}
	}
	char s[32];
	tt_time_format_s(v, s);
	snprintf(buf, sizeof buf, "%ss", s);
	return dup_n(buf, strlen(buf));
}

static tt_code range_error(axis_build *b, const char *item, size_t n,
                           const char *why)
{
	return tt_diag_set(b->d, TT_EINVAL, (tt_loc){b->label, 0, 0},
	                   "invalid range '%.*s': %s", (int)n, item, why);
}

/*
 * One list item: a START:STOP:STEP range of numbers or durations, or a
 * value as written.  `colon` holds the two top-level colons, if any.
 */
static tt_code add_item(axis_build *b, const char *item, size_t n,
                        const size_t *colon, size_t n_colons)
{
	if (n == 0)
		return tt_diag_set(b->d, TT_EINVAL, (tt_loc){b->label, 0, 0},
		                   "empty value in the list for '%s'",
		                   b->a->key);
	if (n_colons != 2)
		return push_value(b, dup_n(item, n));
	const char *p[3] = {item, item + colon[0] + 1, item + colon[1] + 1};
	size_t len[3] = {colon[0], colon[1] - colon[0] - 1, n - colon[1] - 1};
	double num[3];
	tt_time_us dur[3];
	bool numbers = true, durations = true, unit = false;
	for (int i = 0; i < 3; i++) {
		numbers = numbers && plain_number(p[i], len[i], &num[i]);
		durations = durations && duration_of(p[i], len[i], &dur[i]);
		unit = unit || has_unit(p[i], len[i]);
	}
	if (numbers && !unit) {
		if (!(num[2] > 0))
			return range_error(b, item, n, "STEP must be > 0");
		if (num[1] < num[0])
			return range_error(b, item, n, "STOP must be >= START");
		/* a step that lands on STOP within rounding includes it */
		double steps = floor((num[1] - num[0]) / num[2] + 1e-9);
		if (steps + 1 > (double)MAX_AXIS_VALUES)
			return range_error(b, item, n, "too many values");
		int dec = decimals(p[0], len[0]), ds = decimals(p[2], len[2]);
		if (dec >= 0 && ds > dec)
			dec = ds;
		if (ds < 0)
			dec = -1;
		for (size_t k = 0; k <= (size_t)steps; k++) {
			double v = num[0] + (double)k * num[2];
			char buf[TT_FMT_BUF + 32];
			if (dec >= 0 && dec <= 15)
				snprintf(buf, sizeof buf, "%.*f", dec, v);
			else
				tt_fmt_double(v, buf);
			/* "-0.0" would read as 0 but print oddly */
			const char *t = buf;
			if (buf[0] == '-' &&
			    strspn(buf + 1, "0.") == strlen(buf + 1))
				t = buf + 1;
			tt_code rc = push_value(b, dup_n(t, strlen(t)));
			if (rc)
				return rc;
		}
		return TT_OK;
	}
	if (durations && unit) {
		if (dur[2] <= 0)
			return range_error(b, item, n, "STEP must be > 0");
		if (dur[1] < dur[0])
			return range_error(b, item, n, "STOP must be >= START");
		tt_time_us steps = (dur[1] - dur[0]) / dur[2];
		if ((size_t)steps + 1 > MAX_AXIS_VALUES)
			return range_error(b, item, n, "too many values");
		/* one unit for the whole range: 90s, 120s, 150s */
		tt_time_us unit_of = dur[2], r = dur[0];
		while (r) {
			tt_time_us m = unit_of % r;
			unit_of = r;
			r = m;
		}
		for (tt_time_us k = 0; k <= steps; k++) {
			tt_code rc = push_value(
			        b, duration_text(dur[0] + k * dur[2], unit_of));
			if (rc)
				return rc;
		}
		return TT_OK;
	}
	return push_value(b, dup_n(item, n));
}

tt_code tt_sweep_grid_add(tt_sweep_grid *g, const char *spec, tt_diag *d)
{
	char label[TT_DIAG_FILE_MAX];
	const char *eq = strchr(spec, '=');
	tt_code rc;

	const char *option = g->option ? g->option : "--set";
	snprintf(label, sizeof label, "%s '%s'", option, spec);
	if (!eq || eq == spec)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){label, 0, 0},
		                   "expected KEY=VALUE[,VALUE...]");
	size_t kl = (size_t)(eq - spec);
	for (size_t i = 0; i < g->n_axes; i++)
		if (strlen(g->axes[i].key) == kl &&
		    !memcmp(g->axes[i].key, spec, kl))
			return tt_diag_set(
			        d, TT_EINVAL, (tt_loc){label, 0, 0},
			        "'%.*s' is given twice (give all its "
			        "values in one %s)",
			        (int)kl, spec, option);
	tt_sweep_axis *axes = realloc(g->axes, (g->n_axes + 1) * sizeof *axes);
	if (!axes)
		return tt_diag_nomem(d, (tt_loc){0});
	g->axes = axes;
	tt_sweep_axis *a = &g->axes[g->n_axes];
	memset(a, 0, sizeof *a);
	a->option = g->option;
	if (!(a->key = dup_n(spec, kl)))
		return tt_diag_nomem(d, (tt_loc){0});
	g->n_axes++;

	/* split at commas outside brackets, braces and quotes */
	axis_build b = {a, label, d};
	const char *v = eq + 1;
	size_t start = 0, colon[2], n_colons = 0;
	int depth = 0;
	char quote = 0;
	for (size_t i = 0;; i++) {
		char ch = v[i];
		if (ch == '\0' || (ch == ',' && depth == 0 && !quote)) {
			if ((rc = add_item(&b, v + start, i - start, colon,
			                   n_colons)))
				goto drop_axis;
			if (ch == '\0')
				break;
			start = i + 1;
			n_colons = 0;
		} else if (quote) {
			if (ch == quote)
				quote = 0;
		} else if (ch == '\'' || ch == '"') {
			quote = ch;
		} else if (ch == '[' || ch == '{') {
			depth++;
		} else if ((ch == ']' || ch == '}') && depth > 0) {
			depth--;
		} else if (ch == ':' && depth == 0) {
			if (n_colons < 2)
				colon[n_colons] = i - start;
			n_colons++;
		}
	}
	size_t count = 1;
	for (size_t i = 0; i < g->n_axes; i++) {
		if (count > TT_SWEEP_MAX_COMBINATIONS / g->axes[i].n) {
			rc = tt_diag_set(d, TT_ERANGE, (tt_loc){label, 0, 0},
			                 "the grid has more than %zu "
			                 "combinations",
			                 TT_SWEEP_MAX_COMBINATIONS);
			goto drop_axis;
		}
		count *= g->axes[i].n;
	}
	return TT_OK;

drop_axis:
	g->n_axes--;
	for (size_t i = 0; i < a->n; i++)
		free(a->values[i]);
	free(a->values);
	free(a->key);
	return rc;
}

size_t tt_sweep_grid_count(const tt_sweep_grid *g)
{
	size_t count = 1;
	for (size_t i = 0; i < g->n_axes; i++)
		count *= g->axes[i].n;
	return count;
}

void tt_sweep_grid_combination(const tt_sweep_grid *g, size_t index,
                               tt_override *out)
{
	for (size_t i = g->n_axes; i-- > 0;) {
		const tt_sweep_axis *a = &g->axes[i];
		out[i].key = a->key;
		out[i].value = a->values[index % a->n];
		out[i].option = a->option;
		index /= a->n;
	}
}

void tt_sweep_grid_release(tt_sweep_grid *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n_axes; i++) {
		for (size_t k = 0; k < g->axes[i].n; k++)
			free(g->axes[i].values[k]);
		free(g->axes[i].values);
		free(g->axes[i].key);
	}
	free(g->axes);
	memset(g, 0, sizeof *g);
}

/* ---- tables ---- */

static void row_release(tt_sweep_row *r, size_t n_keys)
{
	if (r->values)
		for (size_t i = 0; i < n_keys; i++)
			free(r->values[i]);
	free(r->values);
	if (r->names)
		for (size_t i = 0; i < r->n_figures; i++)
			free(r->names[i]);
	free(r->names);
	free(r->figures);
	memset(r, 0, sizeof *r);
}

void tt_sweep_table_release(tt_sweep_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_rows; i++)
		row_release(&t->rows[i], t->n_keys);
	free(t->rows);
	tt_sweep_names_free(t->keys, t->n_keys);
	memset(t, 0, sizeof *t);
}

void tt_sweep_names_free(char **names, size_t n)
{
	if (!names)
		return;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static tt_code copy_keys(tt_sweep_table *t, const tt_sweep_grid *g, tt_diag *d)
{
	t->n_keys = g->n_axes;
	if (!g->n_axes)
		return TT_OK;
	if (!(t->keys = calloc(g->n_axes, sizeof *t->keys)))
		return tt_diag_nomem(d, (tt_loc){0});
	for (size_t i = 0; i < g->n_axes; i++)
		if (!(t->keys[i] =
		              dup_n(g->axes[i].key, strlen(g->axes[i].key))))
			return tt_diag_nomem(d, (tt_loc){0});
	return TT_OK;
}

/* ---- running ---- */

typedef struct sweep_run {
	const char *path;
	const tt_sweep_grid *g;
	const tt_sweep_options *o;
	tt_sweep_row *rows; /* one per combination of the shard */
	bool *have;         /* rows resumed, not to be run */
	size_t n;
	size_t total;
	pthread_mutex_t lock;
	size_t next, done;
	bool failed;
	size_t fail_pos;
	tt_diag fail;
	tt_trace_cache *traces; /* every combination's trace, parsed once */
} sweep_run;

/* "KEY=V, KEY=V" for messages, cut to fit. */
static void describe(const tt_sweep_grid *g, const tt_override *ov, char *buf,
                     size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < g->n_axes && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s=%s",
		                      i ? ", " : "", ov[i].key, ov[i].value);
}

/* Load and run combination `pos` of the shard into its row. */
static tt_code run_one(sweep_run *r, size_t pos, tt_diag *d)
{
	tt_sweep_row *row = &r->rows[pos];
	const tt_sweep_grid *g = r->g;
	size_t n_axes = g->n_axes;
	tt_override *items = calloc(n_axes ? n_axes : 1, sizeof *items);
	tt_overrides ov = {items, n_axes};
	tt_scenario s;
	tt_summary sum;
	tt_code rc;

	memset(&sum, 0, sizeof sum);
	if (!items)
		return tt_diag_nomem(d, (tt_loc){0});
	tt_sweep_grid_combination(g, row->index, items);
	tt_figure figs[TT_FIGURES_MAX];
	size_t nf = 0;
	rc = tt_scenario_load_file_with(r->path, &ov, &s, d);
	if (!rc) {
		tt_recorder none = {0};
		s.workload.trace_cache = r->traces;
		if (r->o->evaluate)
			rc = r->o->evaluate(r->o->eval_ctx, &s, figs, &nf, d);
		else if (!(rc = tt_sim_run(&s, &none, &sum, d)))
			nf = tt_summary_figures(&s, &sum, figs);
	}
	if (rc) {
		char what[TT_DIAG_MSG_MAX / 2];
		describe(g, items, what, sizeof what);
		size_t len = strlen(d->msg);
		snprintf(d->msg + len, sizeof d->msg - len,
		         " (combination %zu of %zu: %s)", row->index + 1,
		         r->total, what);
		goto release;
	}

	row->values = calloc(n_axes ? n_axes : 1, sizeof *row->values);
	row->names = calloc(nf ? nf : 1, sizeof *row->names);
	row->figures = calloc(nf ? nf : 1, sizeof *row->figures);
	if (!row->values || !row->names || !row->figures) {
		rc = tt_diag_nomem(d, (tt_loc){0});
		goto release;
	}
	for (size_t i = 0; i < n_axes; i++)
		if (!(row->values[i] =
		              dup_n(items[i].value, strlen(items[i].value)))) {
			rc = tt_diag_nomem(d, (tt_loc){0});
			goto release;
		}
	for (size_t i = 0; i < nf; i++) {
		if (!(row->names[i] =
		              dup_n(figs[i].name, strlen(figs[i].name)))) {
			rc = tt_diag_nomem(d, (tt_loc){0});
			goto release;
		}
		row->figures[i] = figs[i].value;
		row->n_figures = i + 1;
	}

release:
	tt_summary_release(&sum);
	tt_scenario_release(&s);
	free(items);
	return rc;
}

static tt_code row_copy(tt_sweep_row *to, const tt_sweep_row *from,
                        size_t n_keys, tt_diag *d)
{
	size_t nf = from->n_figures;
	to->values = calloc(n_keys ? n_keys : 1, sizeof *to->values);
	to->names = calloc(nf ? nf : 1, sizeof *to->names);
	to->figures = calloc(nf ? nf : 1, sizeof *to->figures);
	if (!to->values || !to->names || !to->figures)
		return tt_diag_nomem(d, (tt_loc){0});
	for (size_t k = 0; k < n_keys; k++)
		if (!(to->values[k] =
		              dup_n(from->values[k], strlen(from->values[k]))))
			return tt_diag_nomem(d, (tt_loc){0});
	for (size_t i = 0; i < nf; i++) {
		if (!(to->names[i] =
		              dup_n(from->names[i], strlen(from->names[i]))))
			return tt_diag_nomem(d, (tt_loc){0});
		to->figures[i] = from->figures[i];
		to->n_figures = i + 1;
	}
	return TT_OK;
}

/*
 * Copy the resumed rows into their places and mark them done.  Each must
 * be a combination of this shard, once, with the grid's values for it:
 * a journal is checked against the grid's hash, this catches the rest.
 */
static tt_code take_resumed(sweep_run *r, const tt_sweep_table *t,
                            size_t shards, tt_diag *d)
{
	size_t n_axes = r->g->n_axes;
	tt_override *items = calloc(n_axes ? n_axes : 1, sizeof *items);
	tt_code rc = TT_OK;

	if (!(r->have = calloc(r->n ? r->n : 1, sizeof *r->have)) || !items) {
		free(items);
		return tt_diag_nomem(d, (tt_loc){0});
	}
	for (size_t i = 0; i < t->n_rows; i++) {
		const tt_sweep_row *row = &t->rows[i];
		size_t idx = row->index;
		bool fits = t->n_keys == n_axes && idx < r->total &&
		            idx % shards == r->o->shard;
		size_t pos = fits ? idx / shards : 0;
		if (fits) {
			tt_sweep_grid_combination(r->g, idx, items);
			for (size_t k = 0; k < n_axes && fits; k++)
				fits = !strcmp(items[k].value, row->values[k]);
		}
		if (!fits) {
			rc = tt_diag_set(d, TT_EINVAL, (tt_loc){0},
			                 "resumed combination %zu is not one "
			                 "of this sweep's",
			                 idx + 1);
			break;
		}
		if (r->have[pos]) {
			rc = tt_diag_set(d, TT_EINVAL, (tt_loc){0},
			                 "resumed combination %zu is given "
			                 "twice",
			                 idx + 1);
			break;
		}
		r->have[pos] = true;
		r->done++;
		if ((rc = row_copy(&r->rows[pos], row, n_axes, d)))
			break;
	}
	free(items);
	return rc;
}

static void *worker(void *arg)
{
	sweep_run *r = arg;
	tt_diag d;

	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (r->next < r->n && r->have && r->have[r->next])
			r->next++;
		if (r->failed || r->next >= r->n) {
			pthread_mutex_unlock(&r->lock);
			return NULL;
		}
		size_t pos = r->next++;
		pthread_mutex_unlock(&r->lock);

		tt_diag_clear(&d);
		tt_code rc = run_one(r, pos, &d);

		pthread_mutex_lock(&r->lock);
		if (!rc && r->o->on_row)
			rc = r->o->on_row(r->o->row_ctx, &r->rows[pos],
			                  r->g->n_axes, &d);
		if (rc) {
			if (!r->failed || pos < r->fail_pos) {
				r->fail = d;
				r->fail_pos = pos;
			}
			r->failed = true;
		} else {
			r->done++;
			if (r->o->progress)
				r->o->progress(r->o->progress_ctx, r->done,
				               r->n);
		}
		pthread_mutex_unlock(&r->lock);
	}
}

tt_code tt_sweep_run(const char *path, const tt_sweep_grid *g,
                     const tt_sweep_options *o, tt_sweep_table *out, tt_diag *d)
{
	tt_sweep_options none = {0};
	sweep_run r;
	tt_code rc;

	memset(out, 0, sizeof *out);
	if (!o)
		o = &none;
	size_t shards = o->shards ? o->shards : 1;
	if (o->shard >= shards)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){0},
		                   "shard %zu is outside 1..%zu", o->shard + 1,
		                   shards);
	memset(&r, 0, sizeof r);
	r.path = path;
	r.g = g;
	r.o = o;
	r.total = tt_sweep_grid_count(g);
	r.n = r.total / shards + (o->shard < r.total % shards ? 1 : 0);
	out->total = r.total;
	if ((rc = copy_keys(out, g, d)))
		goto release_table;
	if (r.n && !(r.rows = calloc(r.n, sizeof *r.rows))) {
		rc = tt_diag_nomem(d, (tt_loc){0});
		goto release_table;
	}
	for (size_t i = 0; i < r.n; i++)
		r.rows[i].index = o->shard + i * shards;
	out->rows = r.rows;
	out->n_rows = r.n;
	if (o->resume && o->resume->n_rows &&
	    (rc = take_resumed(&r, o->resume, shards, d)))
		goto release_table;
	if (!(r.traces = tt_trace_cache_new(TT_TRACE_CACHE_BYTES))) {
		rc = tt_diag_nomem(d, (tt_loc){0});
		goto release_table;
	}
	if (pthread_mutex_init(&r.lock, NULL)) {
		rc = tt_diag_set(d, TT_EINTERNAL, (tt_loc){0},
		                 "cannot create a mutex");
		goto release_table;
	}

	size_t jobs = o->jobs ? o->jobs : 1;
	if (jobs > r.n)
		jobs = r.n ? r.n : 1;
	pthread_t *threads = calloc(jobs, sizeof *threads);
	size_t started = 0;
	if (!threads) {
		rc = tt_diag_nomem(d, (tt_loc){0});
		goto destroy_lock;
	}
	/* the calling thread is worker 0 */
	for (size_t i = 1; i < jobs; i++) {
		if (pthread_create(&threads[i], NULL, worker, &r))
			break;
		started = i;
	}
	worker(&r);
	for (size_t i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	if (r.failed) {
		if (d)
			*d = r.fail;
		rc = r.fail.code ? r.fail.code : TT_EINTERNAL;
	}

destroy_lock:
	pthread_mutex_destroy(&r.lock);
release_table:
	tt_trace_cache_free(r.traces);
	free(r.have);
	if (rc)
		tt_sweep_table_release(out);
	return rc;
}

/* ---- Pareto front ---- */

void tt_sweep_pareto(const double *v, size_t rows, size_t k,
                     unsigned char *front)
{
	for (size_t i = 0; i < rows; i++) {
		front[i] = 1;
		for (size_t j = 0; j < rows && front[i]; j++) {
			if (j == i)
				continue;
			bool le = true, lt = false;
			for (size_t m = 0; m < k; m++) {
				double a = v[j * k + m], b = v[i * k + m];
				if (!(a <= b))
					le = false;
				if (a < b)
					lt = true;
			}
			if (le && lt)
				front[i] = 0;
		}
	}
}

tt_code tt_sweep_parse_pareto(const char *text, char ***names, size_t *n,
                              tt_diag *d)
{
	char **out = NULL;
	size_t count = 0;
	const char *p = text;

	*names = NULL;
	*n = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		char **grown = realloc(out, (count + 1) * sizeof *grown);
		char *name = grown ? dup_n(p, len) : NULL;
		if (grown)
			out = grown;
		if (!name) {
			tt_sweep_names_free(out, count);
			return tt_diag_nomem(d, (tt_loc){0});
		}
		out[count++] = name;
		if (!tt_figure_known(name)) {
			tt_code rc = tt_diag_set(
			        d, TT_EINVAL, (tt_loc){"--pareto", 0, 0},
			        "unknown figure '%s' (docs/outputs.md lists "
			        "them: cost, max_instances, p99_latency_ms, "
			        "...)",
			        name);
			tt_sweep_names_free(out, count);
			return rc;
		}
		for (size_t i = 0; i + 1 < count; i++)
			if (!strcmp(out[i], name)) {
				tt_code rc = tt_diag_set(
				        d, TT_EINVAL,
				        (tt_loc){"--pareto", 0, 0},
				        "figure '%s' is given twice", name);
				tt_sweep_names_free(out, count);
				return rc;
			}
		if (!p[len])
			break;
		p += len + 1;
	}
	*names = out;
	*n = count;
	return TT_OK;
}

/* ---- CSV ---- */

/*
 * Every figure name of the rows, in an order consistent with each row's
 * (all follow figures.h's one order): a name not seen yet goes right
 * after the previous name of its row.  Borrowed from the rows.
 */
static tt_code figure_columns(const tt_sweep_table *t, const char ***cols,
                              size_t *n_cols, tt_diag *d)
{
	const char **c = NULL;
	size_t n = 0, cap = 0;

	for (size_t r = 0; r < t->n_rows; r++) {
		const tt_sweep_row *row = &t->rows[r];
		size_t at = 0; /* insert position after the previous name */
		for (size_t i = 0; i < row->n_figures; i++) {
			size_t k;
			for (k = 0; k < n; k++)
				if (!strcmp(c[k], row->names[i]))
					break;
			if (k < n) {
				at = k + 1;
				continue;
			}
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				const char **g = realloc(c, cap * sizeof *g);
				if (!g) {
					free(c);
					return tt_diag_nomem(d, (tt_loc){0});
				}
				c = g;
			}
			memmove(c + at + 1, c + at, (n - at) * sizeof *c);
			c[at++] = row->names[i];
			n++;
		}
	}
	*cols = c;
	*n_cols = n;
	return TT_OK;
}

static bool row_figure(const tt_sweep_row *row, const char *name, double *v)
{
	for (size_t i = 0; i < row->n_figures; i++)
		if (!strcmp(row->names[i], name)) {
			*v = row->figures[i];
			return true;
		}
	return false;
}

static tt_code write_error(FILE *f, tt_diag *d)
{
	if (fflush(f) == 0 && !ferror(f))
		return TT_OK;
	return tt_diag_set(d, TT_EIO, (tt_loc){0}, "cannot write results: %s",
	                   strerror(errno));
}

/*
 * The body shared by results and shards (`file` names which, for the
 * message of a number refused by tt_fmt_finite): one row's cells.
 */
static tt_code put_row(FILE *f, const char *file, const tt_sweep_table *t,
                       const tt_sweep_row *row, const char **cols,
                       size_t n_cols, bool first, tt_diag *d)
{
	char buf[TT_FMT_BUF];
	for (size_t k = 0; k < t->n_keys; k++) {
		if (!first || k)
			fputc(',', f);
		tt_fmt_csv_field(f, row->values[k]);
	}
	for (size_t c = 0; c < n_cols; c++) {
		double v;
		if (!first || t->n_keys || c)
			fputc(',', f);
		if (!row_figure(row, cols[c], &v))
			continue;
		tt_code rc = tt_fmt_finite(v, file, cols[c], buf, d);
		if (rc)
			return rc;
		fputs(buf, f);
	}
	return TT_OK;
}

static void put_header(FILE *f, const tt_sweep_table *t, const char **cols,
                       size_t n_cols, bool first)
{
	for (size_t k = 0; k < t->n_keys; k++) {
		if (!first || k)
			fputc(',', f);
		tt_fmt_csv_field(f, t->keys[k]);
	}
	for (size_t c = 0; c < n_cols; c++) {
		if (!first || t->n_keys || c)
			fputc(',', f);
		fputs(cols[c], f);
	}
}

tt_code tt_sweep_write_csv(FILE *f, const tt_sweep_table *t,
                           char *const *pareto, size_t n_pareto, tt_diag *d)
{
	const char **cols;
	size_t n_cols;
	unsigned char *front = NULL;
	double *obj = NULL;
	tt_code rc;

	if ((rc = figure_columns(t, &cols, &n_cols, d)))
		return rc;
	if (n_pareto) {
		obj = calloc(t->n_rows * n_pareto + 1, sizeof *obj);
		front = calloc(t->n_rows + 1, 1);
		if (!obj || !front) {
			rc = tt_diag_nomem(d, (tt_loc){0});
			goto free_all;
		}
		for (size_t r = 0; r < t->n_rows; r++)
			for (size_t m = 0; m < n_pareto; m++)
				if (!row_figure(&t->rows[r], pareto[m],
				                &obj[r * n_pareto + m])) {
					rc = tt_diag_set(
					        d, TT_EINVAL, (tt_loc){0},
					        "--pareto: combination %zu has "
					        "no figure '%s' (latency "
					        "figures "
					        "need request mode)",
					        t->rows[r].index + 1,
					        pareto[m]);
					goto free_all;
				}
		tt_sweep_pareto(obj, t->n_rows, n_pareto, front);
	}
	put_header(f, t, cols, n_cols, true);
	if (n_pareto)
		fputs(",pareto", f);
	fputc('\n', f);
	for (size_t r = 0; r < t->n_rows; r++) {
		if ((rc = put_row(f, "the sweep results", t, &t->rows[r], cols,
		                  n_cols, true, d)))
			goto free_all;
		if (n_pareto)
			fputs(front[r] ? ",1" : ",0", f);
		fputc('\n', f);
	}
	rc = write_error(f, d);

free_all:
	free(obj);
	free(front);
	free(cols);
	return rc;
}

/* ---- shards ---- */

/* FNV-1a, 64 bits: the grid's fingerprint and each journal line's sum. */
#define FNV_BASIS 0xcbf29ce484222325ULL

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

tt_code tt_sweep_fingerprint(const char *path, const tt_sweep_grid *g,
                             const char *pareto, uint64_t *out, tt_diag *d)
{
	char *text;
	size_t len;
	tt_code rc;

	if ((rc = tt_read_file(path, path, &text, &len, d)))
		return rc;
	uint64_t h = fnv(FNV_BASIS, "ttsim sweep 1", 14);
	h = fnv(h, text, len);
	h = fnv(h, "", 1);
	free(text);
	for (size_t i = 0; i < g->n_axes; i++) {
		h = fnv(h, g->axes[i].key, strlen(g->axes[i].key) + 1);
		for (size_t k = 0; k < g->axes[i].n; k++)
			h = fnv(h, g->axes[i].values[k],
			        strlen(g->axes[i].values[k]) + 1);
		h = fnv(h, "\n", 1);
	}
	h = fnv(h, pareto ? pareto : "", strlen(pareto ? pareto : "") + 1);
	*out = h;
	return TT_OK;
}

#define SHARD_MAGIC "# ttsim sweep shard "

tt_code tt_sweep_write_shard(FILE *f, const tt_sweep_table *t,
                             const tt_sweep_shard_info *info, tt_diag *d)
{
	const char **cols;
	size_t n_cols;
	tt_code rc;

	if ((rc = figure_columns(t, &cols, &n_cols, d)))
		return rc;
	fprintf(f,
	        SHARD_MAGIC "%zu/%zu grid=%016" PRIx64
	                    " combinations=%zu keys=%zu pareto=%s\n",
	        info->shard + 1, info->shards, info->grid, info->total,
	        t->n_keys, info->pareto);
	fputs("combination", f);
	put_header(f, t, cols, n_cols, false);
	fputc('\n', f);
	for (size_t r = 0; r < t->n_rows && !rc; r++) {
		fprintf(f, "%zu", t->rows[r].index + 1);
		rc = put_row(f, "the shard file", t, &t->rows[r], cols, n_cols,
		             false, d);
		fputc('\n', f);
	}
	free(cols);
	return rc ? rc : write_error(f, d);
}

/* A CSV being read: the whole file, a cursor, the line for messages. */
typedef struct csv_in {
	const char *name;
	const char *p, *end;
	int line;
	tt_diag *d;
} csv_in;

/* Read one record's fields (malloc'd) until the end of its line. */
static tt_code read_record(csv_in *in, char ***fields, size_t *n)
{
	char **f = NULL;
	size_t count = 0;
	tt_code rc = TT_OK;

	in->line++;
	for (;;) {
		size_t cap = 16, len = 0;
		char *s = malloc(cap);
		if (!s) {
			rc = tt_diag_nomem(in->d, (tt_loc){0});
			break;
		}
		bool quoted = in->p < in->end && *in->p == '"';
		if (quoted)
			in->p++;
		for (;;) {
			char ch;
			if (in->p >= in->end) {
				if (quoted) {
					free(s);
					rc = tt_diag_set(
					        in->d, TT_ESYNTAX,
					        (tt_loc){in->name, in->line, 0},
					        "unterminated quoted field");
					goto done;
				}
				break;
			}
			ch = *in->p;
			if (quoted && ch == '"') {
				if (in->p + 1 < in->end && in->p[1] == '"') {
					in->p++;
				} else {
					in->p++;
					quoted = false;
					continue;
				}
			} else if (!quoted && (ch == ',' || ch == '\n')) {
				break;
			}
			if (len + 2 > cap) {
				cap *= 2;
				char *g = realloc(s, cap);
				if (!g) {
					free(s);
					rc = tt_diag_nomem(in->d, (tt_loc){0});
					goto done;
				}
				s = g;
			}
			s[len++] = ch;
			in->p++;
		}
		s[len] = '\0';
		char **g = realloc(f, (count + 1) * sizeof *g);
		if (!g) {
			free(s);
			rc = tt_diag_nomem(in->d, (tt_loc){0});
			break;
		}
		f = g;
		f[count++] = s;
		if (in->p < in->end && *in->p == ',') {
			in->p++;
			continue;
		}
		if (in->p < in->end)
			in->p++; /* the line end */
		break;
	}
done:
	if (rc) {
		tt_sweep_names_free(f, count);
		return rc;
	}
	*fields = f;
	*n = count;
	return TT_OK;
}

static tt_code bad_shard(const csv_in *in, const char *why)
{
	return tt_diag_set(in->d, TT_EINVAL, (tt_loc){in->name, in->line, 0},
	                   "%s", why);
}

/* Parse the first line of a shard file into *info. */
static tt_code read_shard_line(csv_in *in, tt_sweep_shard_info *info)
{
	const char *nl = memchr(in->p, '\n', (size_t)(in->end - in->p));
	size_t n = nl ? (size_t)(nl - in->p) : (size_t)(in->end - in->p);
	char line[512];
	size_t shard, shards, total, keys;
	uint64_t grid;
	int used = 0;

	in->line++;
	if (n >= sizeof line ||
	    strncmp(in->p, SHARD_MAGIC, strlen(SHARD_MAGIC)))
		return bad_shard(in, "not a ttsim sweep shard (it does not "
		                     "start with '# ttsim sweep shard')");
	memcpy(line, in->p, n);
	line[n] = '\0';
	in->p += nl ? n + 1 : n;
	if (sscanf(line + strlen(SHARD_MAGIC),
	           "%zu/%zu grid=%16" SCNx64
	           " combinations=%zu keys=%zu pareto=%n",
	           &shard, &shards, &grid, &total, &keys, &used) != 5 ||
	    used == 0 || shard < 1 || shard > shards)
		return bad_shard(in, "malformed shard line");
	const char *pareto = line + strlen(SHARD_MAGIC) + used;
	if (strlen(pareto) >= sizeof info->pareto)
		return bad_shard(in, "malformed shard line");
	info->shard = shard - 1;
	info->shards = shards;
	info->grid = grid;
	info->total = total;
	info->keys = keys;
	snprintf(info->pareto, sizeof info->pareto, "%s", pareto);
	return TT_OK;
}

/* Read one shard file's rows into t (keys set by the first file). */
static tt_code read_shard(const char *path, tt_sweep_table *t,
                          tt_sweep_shard_info *info,
                          const tt_sweep_shard_info *want, tt_diag *d)
{
	bool first = !want;
	char *text;
	size_t len;
	char **head = NULL, **cells = NULL;
	size_t n_head = 0, n_cells = 0;
	tt_code rc;

	if ((rc = tt_read_file(path, path, &text, &len, d)))
		return rc;
	csv_in in = {path, text, text + len, 0, d};
	if ((rc = read_shard_line(&in, info)))
		goto free_text;
	if (want && (info->grid != want->grid || info->shards != want->shards ||
	             info->total != want->total || info->keys != want->keys ||
	             strcmp(info->pareto, want->pareto))) {
		rc = tt_diag_set(
		        d, TT_EINVAL, (tt_loc){path, 1, 0},
		        "shard of a different sweep (grid %016" PRIx64
		        " in %zu shards; the first file's is %016" PRIx64
		        " in %zu)",
		        info->grid, info->shards, want->grid, want->shards);
		goto free_text;
	}
	if ((rc = read_record(&in, &head, &n_head)))
		goto free_text;
	if (n_head == 0 || strcmp(head[0], "combination")) {
		rc = bad_shard(&in, "expected the header 'combination,...'");
		goto free_text;
	}
	size_t n_keys = info->keys;
	if (1 + n_keys > n_head) {
		rc = bad_shard(&in, "the header has fewer columns than keys");
		goto free_text;
	}
	if (first) {
		t->n_keys = n_keys;
		if (n_keys && !(t->keys = calloc(n_keys, sizeof *t->keys))) {
			rc = tt_diag_nomem(d, (tt_loc){0});
			goto free_text;
		}
		for (size_t k = 0; k < n_keys; k++) {
			t->keys[k] = head[1 + k];
			head[1 + k] = NULL;
		}
	} else if (n_keys != t->n_keys) {
		rc = bad_shard(&in, "its keys differ from the first shard's");
		goto free_text;
	}
	while (in.p < in.end) {
		if ((rc = read_record(&in, &cells, &n_cells)))
			goto free_text;
		if (n_cells != n_head) {
			rc = tt_diag_set(d, TT_EINVAL,
			                 (tt_loc){path, in.line, 0},
			                 "expected %zu fields, got %zu", n_head,
			                 n_cells);
			goto free_cells;
		}
		char *end;
		errno = 0;
		unsigned long long c = strtoull(cells[0], &end, 10);
		if (errno || *end || end == cells[0] || c < 1 ||
		    c > info->total) {
			rc = tt_diag_set(
			        d, TT_EINVAL, (tt_loc){path, in.line, 0},
			        "invalid combination number '%s'", cells[0]);
			goto free_cells;
		}
		tt_sweep_row *rows =
		        realloc(t->rows, (t->n_rows + 1) * sizeof *rows);
		if (!rows) {
			rc = tt_diag_nomem(d, (tt_loc){0});
			goto free_cells;
		}
		t->rows = rows;
		tt_sweep_row *row = &t->rows[t->n_rows++];
		memset(row, 0, sizeof *row);
		row->index = (size_t)c - 1;
		size_t nf = n_head - 1 - n_keys;
		row->values = calloc(n_keys ? n_keys : 1, sizeof *row->values);
		row->names = calloc(nf ? nf : 1, sizeof *row->names);
		row->figures = calloc(nf ? nf : 1, sizeof *row->figures);
		if (!row->values || !row->names || !row->figures) {
			rc = tt_diag_nomem(d, (tt_loc){0});
			goto free_cells;
		}
		for (size_t k = 0; k < n_keys; k++) {
			row->values[k] = cells[1 + k];
			cells[1 + k] = NULL;
		}
		for (size_t i = 0; i < nf; i++) {
			const char *v = cells[1 + n_keys + i];
			if (!v[0])
				continue; /* the run had no such figure */
			errno = 0;
			double x = strtod(v, &end);
			if (*end || end == v || !isfinite(x)) {
				rc = tt_diag_set(d, TT_EINVAL,
				                 (tt_loc){path, in.line, 0},
				                 "invalid number '%s' for '%s'",
				                 v, head[1 + n_keys + i]);
				goto free_cells;
			}
			const char *name = head[1 + n_keys + i];
			if (!(row->names[row->n_figures] =
			              dup_n(name, strlen(name)))) {
				rc = tt_diag_nomem(d, (tt_loc){0});
				goto free_cells;
			}
			row->figures[row->n_figures++] = x;
		}
		tt_sweep_names_free(cells, n_cells);
		cells = NULL;
	}
	goto free_text;

free_cells:
	tt_sweep_names_free(cells, n_cells);
free_text:
	tt_sweep_names_free(head, n_head);
	free(text);
	return rc;
}

static int by_index(const void *a, const void *b)
{
	const tt_sweep_row *x = a, *y = b;
	return x->index < y->index ? -1 : x->index > y->index;
}

tt_code tt_sweep_merge(const char *const *paths, size_t n, tt_sweep_table *out,
                       tt_sweep_shard_info *info, tt_diag *d)
{
	tt_sweep_shard_info first, one;
	bool *seen = NULL;
	tt_code rc = TT_OK;

	memset(out, 0, sizeof *out);
	memset(&first, 0, sizeof first);
	if (n == 0)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){0},
		                   "no shard files to merge");
	for (size_t i = 0; i < n; i++) {
		size_t before = out->n_rows;
		if ((rc = read_shard(paths[i], out, i ? &one : &first,
		                     i ? &first : NULL, d)))
			goto fail;
		if (i == 0) {
			if (!(seen = calloc(first.shards, sizeof *seen))) {
				rc = tt_diag_nomem(d, (tt_loc){0});
				goto fail;
			}
			one = first;
		}
		if (seen[one.shard]) {
			rc = tt_diag_set(d, TT_EINVAL, (tt_loc){paths[i], 1, 0},
			                 "shard %zu/%zu is given twice",
			                 one.shard + 1, one.shards);
			goto fail;
		}
		seen[one.shard] = true;
		for (size_t r = before; r < out->n_rows; r++)
			if (out->rows[r].index % one.shards != one.shard) {
				rc = tt_diag_set(
				        d, TT_EINVAL, (tt_loc){paths[i], 0, 0},
				        "combination %zu does not belong to "
				        "shard %zu/%zu",
				        out->rows[r].index + 1, one.shard + 1,
				        one.shards);
				goto fail;
			}
	}
	out->total = first.total;
	if (out->n_rows)
		qsort(out->rows, out->n_rows, sizeof *out->rows, by_index);
	for (size_t r = 0; r < out->n_rows; r++) {
		if (r && out->rows[r].index == out->rows[r - 1].index) {
			rc = tt_diag_set(d, TT_EINVAL, (tt_loc){0},
			                 "combination %zu appears twice",
			                 out->rows[r].index + 1);
			goto fail;
		}
	}
	if (out->n_rows != first.total) {
		size_t missing = 0, count = 0;
		for (size_t r = 0, want = 0; want < first.total; want++) {
			if (r < out->n_rows && out->rows[r].index == want) {
				r++;
				continue;
			}
			if (!count++)
				missing = want;
		}
		size_t shard_missing = 0;
		while (shard_missing < first.shards && seen[shard_missing])
			shard_missing++;
		if (shard_missing < first.shards)
			rc = tt_diag_set(d, TT_EINVAL, (tt_loc){0},
			                 "%zu of %zu combinations are missing "
			                 "(shard %zu/%zu was not given)",
			                 count, first.total, shard_missing + 1,
			                 first.shards);
		else
			rc = tt_diag_set(d, TT_EINVAL, (tt_loc){0},
			                 "%zu of %zu combinations are missing "
			                 "(the first is combination %zu)",
			                 count, first.total, missing + 1);
		goto fail;
	}
	free(seen);
	*info = first;
	return TT_OK;

fail:
	free(seen);
	tt_sweep_table_release(out);
	return rc;
}

/* ---- the journal ---- */

#define JOURNAL_MAGIC "# ttsim sweep journal "

static tt_code journal_error(FILE *f, const char *name, tt_diag *d)
{
	if (fflush(f) == 0 && !ferror(f))
		return TT_OK;
	return tt_diag_set(d, TT_EIO, (tt_loc){0}, "cannot write '%s': %s",
	                   name, strerror(errno));
}

tt_code tt_sweep_journal_begin(FILE *f, const char *name,
                               const tt_sweep_shard_info *info, tt_diag *d)
{
	fprintf(f,
	        JOURNAL_MAGIC "%zu/%zu grid=%016" PRIx64
	                      " combinations=%zu keys=%zu\n",
	        info->shard + 1, info->shards, info->grid, info->total,
	        info->keys);
	return journal_error(f, name, d);
}

/*
 * A journal line's checksum: FNV-1a 64 over the grid's hash as 16
 * lowercase hex digits, then every field before the checksum as text
 * (unquoted), each followed by a zero byte.  So a line edited by hand,
 * or copied from the journal of another grid, does not match.
 */
static uint64_t journal_sum_start(uint64_t grid)
{
	char hex[17];
	snprintf(hex, sizeof hex, "%016" PRIx64, grid);
	return fnv(FNV_BASIS, hex, 16);
}

static uint64_t journal_sum_field(uint64_t h, const char *field)
{
	return fnv(h, field, strlen(field) + 1);
}

/* Write one field of a journal line and add it to the sum. */
static void put_journal_field(FILE *f, uint64_t *h, const char *s, bool first)
{
	if (!first)
		fputc(',', f);
	tt_fmt_csv_field(f, s);
	*h = journal_sum_field(*h, s);
}

tt_code tt_sweep_journal_add(FILE *f, const char *name,
                             const tt_sweep_shard_info *info,
                             const tt_sweep_row *row, tt_diag *d)
{
	char buf[TT_FMT_BUF];
	tt_code rc;
	/* refuse before writing: a journal line is whole or absent */
	for (size_t i = 0; i < row->n_figures; i++)
		if ((rc = tt_fmt_finite(row->figures[i], name, row->names[i],
		                        buf, d)))
			return rc;
	uint64_t h = journal_sum_start(info->grid);
	tt_fmt_uint(row->index + 1, buf);
	put_journal_field(f, &h, buf, true);
	for (size_t k = 0; k < info->keys; k++)
		put_journal_field(f, &h, row->values[k], false);
	for (size_t i = 0; i < row->n_figures; i++) {
		put_journal_field(f, &h, row->names[i], false);
		tt_fmt_double(row->figures[i], buf);
		put_journal_field(f, &h, buf, false);
	}
	fprintf(f, ",%016" PRIx64 "\n", h);
	return journal_error(f, name, d);
}

/* One journal line's fields into a new row at the end of t. */
static tt_code journal_row(csv_in *in, char **cells, size_t n_cells,
                           const tt_sweep_shard_info *want, tt_sweep_table *t)
{
	size_t n_keys = want->keys;
	char *end;

	/* the sum first: whatever was changed, the message says so */
	uint64_t h = journal_sum_start(want->grid);
	for (size_t i = 0; i + 1 < n_cells; i++)
		h = journal_sum_field(h, cells[i]);
	char sum[17];
	snprintf(sum, sizeof sum, "%016" PRIx64, h);
	if (n_cells < 2 || strcmp(cells[n_cells - 1], sum))
		return tt_diag_set(in->d, TT_EINVAL,
		                   (tt_loc){in->name, in->line, 1},
		                   "journal line does not match its checksum "
		                   "(changed after ttsim wrote it): delete the "
		                   "line to run its combination again");
	n_cells--;
	if (n_cells < 1 + n_keys || (n_cells - 1 - n_keys) % 2)
		return bad_shard(in, "malformed journal line");
	errno = 0;
	unsigned long long c = strtoull(cells[0], &end, 10);
	if (errno || *end || end == cells[0] || c < 1 || c > want->total ||
	    (c - 1) % want->shards != want->shard)
		return tt_diag_set(in->d, TT_EINVAL,
		                   (tt_loc){in->name, in->line, 0},
		                   "invalid combination number '%s'", cells[0]);
	tt_sweep_row *rows = realloc(t->rows, (t->n_rows + 1) * sizeof *rows);
	if (!rows)
		return tt_diag_nomem(in->d, (tt_loc){0});
	t->rows = rows;
	tt_sweep_row *row = &t->rows[t->n_rows++];
	memset(row, 0, sizeof *row);
	row->index = (size_t)c - 1;
	size_t nf = (n_cells - 1 - n_keys) / 2;
	row->values = calloc(n_keys ? n_keys : 1, sizeof *row->values);
	row->names = calloc(nf ? nf : 1, sizeof *row->names);
	row->figures = calloc(nf ? nf : 1, sizeof *row->figures);
	if (!row->values || !row->names || !row->figures)
		return tt_diag_nomem(in->d, (tt_loc){0});
	for (size_t k = 0; k < n_keys; k++) {
		row->values[k] = cells[1 + k];
		cells[1 + k] = NULL;
	}
	for (size_t i = 0; i < nf; i++) {
		char *name = cells[1 + n_keys + 2 * i];
		const char *v = cells[2 + n_keys + 2 * i];
		double x = strtod(v, &end);
		if (!name[0] || !v[0] || *end || !isfinite(x))
			return tt_diag_set(in->d, TT_EINVAL,
			                   (tt_loc){in->name, in->line, 0},
			                   "invalid figure '%s' = '%s'", name,
			                   v);
		row->names[i] = name;
		cells[1 + n_keys + 2 * i] = NULL;
		row->figures[i] = x;
		row->n_figures = i + 1;
	}
	return TT_OK;
}

tt_code tt_sweep_journal_read(const char *path, const tt_sweep_shard_info *want,
                              tt_sweep_table *out, tt_diag *d)
{
	char *text;
	size_t len;
	char **cells = NULL;
	size_t n_cells = 0;
	tt_code rc;

	memset(out, 0, sizeof *out);
	if ((rc = tt_read_file(path, path, &text, &len, d)))
		return rc;
	/* Lines are flushed whole; only the last can be cut short. */
	while (len > 0 && text[len - 1] != '\n')
		len--;
	csv_in in = {path, text, text + len, 0, d};

	const char *nl = memchr(in.p, '\n', len);
	size_t n = nl ? (size_t)(nl - in.p) : 0;
	char line[512];
	tt_sweep_shard_info info;
	int used = 0;
	in.line++;
	if (!nl || n >= sizeof line ||
	    strncmp(in.p, JOURNAL_MAGIC, strlen(JOURNAL_MAGIC))) {
		rc = bad_shard(&in, "not a ttsim sweep journal (it does not "
		                    "start with '# ttsim sweep journal')");
		goto free_text;
	}
	memcpy(line, in.p, n);
	line[n] = '\0';
	in.p += n + 1;
	memset(&info, 0, sizeof info);
	if (sscanf(line + strlen(JOURNAL_MAGIC),
	           "%zu/%zu grid=%16" SCNx64 " combinations=%zu keys=%zu%n",
	           &info.shard, &info.shards, &info.grid, &info.total,
	           &info.keys, &used) != 5 ||
	    line[strlen(JOURNAL_MAGIC) + (size_t)used] != '\0' ||
	    info.shard < 1 || info.shard > info.shards) {
		rc = bad_shard(&in, "malformed journal line");
		goto free_text;
	}
	info.shard--;
	if (info.grid != want->grid || info.shard != want->shard ||
	    info.shards != want->shards || info.total != want->total ||
	    info.keys != want->keys) {
		rc = tt_diag_set(
		        d, TT_EINVAL, (tt_loc){path, 1, 0},
		        "journal of a different sweep (grid %016" PRIx64
		        ", shard %zu/%zu; this one is grid %016" PRIx64
		        ", shard %zu/%zu): run without --resume to "
		        "start again",
		        info.grid, info.shard + 1, info.shards, want->grid,
		        want->shard + 1, want->shards);
		goto free_text;
	}
	out->n_keys = want->keys;
	out->total = want->total;
	while (in.p < in.end) {
		if ((rc = read_record(&in, &cells, &n_cells)))
			goto free_table;
		rc = journal_row(&in, cells, n_cells, want, out);
		tt_sweep_names_free(cells, n_cells);
		if (rc)
			goto free_table;
	}
	if (out->n_rows)
		qsort(out->rows, out->n_rows, sizeof *out->rows, by_index);
	for (size_t r = 1; r < out->n_rows; r++)
		if (out->rows[r].index == out->rows[r - 1].index) {
			rc = tt_diag_set(d, TT_EINVAL, (tt_loc){path, 0, 0},
			                 "combination %zu appears twice",
			                 out->rows[r].index + 1);
			goto free_table;
		}
	goto free_text;

free_table:
	tt_sweep_table_release(out);
free_text:
	free(text);
	return rc;
}
