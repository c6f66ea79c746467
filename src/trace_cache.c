/*
 * trace_cache.c - a recorded trace read once and replayed from memory
 * (trace_cache.h).
 *
 * Each trace asked for gets an entry, told by a key that spells out its
 * reader's spec.  The first open reads the trace whole under the cache's
 * lock and keeps the intervals (or marks the entry as read from the file
 * each time); every open after replays them.  Entries never change once
 * made and live as long as the cache.
 */
#include "trace_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "grow.h"
#include "trace.h"

typedef struct entry {
	struct entry *next;
	char *key;
	size_t key_len;
	bool kept;       /* false: the file is read each time */
	tt_interval *iv; /* attrs NULL; a replay points them into `attrs` */
	size_t n;
	double *attrs;  /* n_attrs per interval */
	tt_arena arena; /* iv and attrs */
	size_t n_attrs;
	char **attr_names;
	bool wallclock;
	int64_t origin_unix_s;
	tt_diag_list notes; /* the reader's, given again on each replay */
} entry;

struct tt_trace_cache {
	pthread_mutex_t lock;
	entry *entries;
	size_t used, max;
};

tt_trace_cache *tt_trace_cache_new(size_t max_bytes)
{
	tt_trace_cache *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	if (pthread_mutex_init(&c->lock, NULL)) {
		free(c);
		return NULL;
	}
	c->max = max_bytes;
	return c;
}

static void drop_intervals(entry *e)
{
	tt_arena_release(&e->arena);
	for (size_t i = 0; i < e->n_attrs && e->attr_names; i++)
		free(e->attr_names[i]);
	free(e->attr_names);
	e->iv = NULL;
	e->attrs = NULL;
	e->attr_names = NULL;
	e->n = e->n_attrs = 0;
}

static void entry_free(entry *e)
{
	drop_intervals(e);
	tt_diag_list_release(&e->notes);
	free(e->key);
	free(e);
}

void tt_trace_cache_free(tt_trace_cache *c)
{
	if (!c)
		return;
	for (entry *e = c->entries, *next; e; e = next) {
		next = e->next;
		entry_free(e);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* ---- the key: every field of the spec a reader reads ---- */

typedef struct keybuf {
	char *p;
	size_t len, cap;
	bool failed;
} keybuf;

static void put(keybuf *k, const void *v, size_t n)
{
	if (k->failed)
		return;
	if (k->len + n > k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 256;
		while (cap < k->len + n)
			cap *= 2;
		char *p = realloc(k->p, cap);
		if (!p) {
			k->failed = true;
			return;
		}
		k->p = p;
		k->cap = cap;
	}
	memcpy(k->p + k->len, v, n);
	k->len += n;
}

/* A string with its length, so that no two specs spell the same key. */
static void put_str(keybuf *k, const char *s)
{
	size_t n = s ? strlen(s) : SIZE_MAX;
	put(k, &n, sizeof n);
	if (s)
		put(k, s, n);
}

static void put_column(keybuf *k, const tt_column *col)
{
	put_str(k, col->name);
	put(k, &col->index, sizeof col->index);
}

static bool key_of(const tt_trace_spec *spec, keybuf *k)
{
	put(k, &spec->format, sizeof spec->format);
	put(k, &spec->n_paths, sizeof spec->n_paths);
	for (size_t i = 0; i < spec->n_paths; i++) {
		put_str(k, spec->paths[i]);
		/* the names locations show: a replay's notes carry them */
		put_str(k, spec->names ? spec->names[i] : NULL);
	}
	put(k, &spec->period_us, sizeof spec->period_us);
	put_column(k, &spec->time);
	put_column(k, &spec->count);
	put_str(k, spec->function);
	put_str(k, spec->app);
	return !k->failed;
}

/* ---- reading a trace whole ---- */

/* tt_grow in the entry's arena: huge pages from the first array on, so
 * that a trace of a million intervals costs a few page faults, not
 * thousands (docs/performance.md). */
static bool grow(entry *e, void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t n = tt_grow_cap(*cap, need, TT_ARENA_SMALL / size);
	void *q = tt_arena_grow(&e->arena, *p, *cap * size, n * size);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

static bool copy_attr_names(entry *e, const tt_source *src)
{
	e->n_attrs = src->n_attrs;
	if (!e->n_attrs)
		return true;
	e->attr_names = calloc(e->n_attrs, sizeof *e->attr_names);
	if (!e->attr_names)
		return false;
	for (size_t i = 0; i < e->n_attrs; i++)
		if (!(e->attr_names[i] = strdup(src->attr_names[i])))
			return false;
	return true;
}

/*
 * Read the trace whole into e, within `room` bytes.  e->kept says whether
 * it could be: an error reading it, or a trace past the room, leaves it
 * to the file (whose open gives the error again, where it belongs).
 * Only running out of memory is an error here.
 */
static void read_whole(entry *e, const tt_trace_spec *spec, tt_loc where,
                       size_t room)
{
	tt_source *src;
	tt_diag scratch;
	size_t cap_iv = 0, cap_attrs = 0;
	e->kept = false;
	if (tt_trace_open(spec, where, &e->notes, &src, &scratch))
		return;
	e->wallclock = src->wallclock;
	e->origin_unix_s = src->origin_unix_s;
	bool ok = copy_attr_names(e, src);
	for (;;) {
		tt_interval iv;
		bool end;
		if (!ok || tt_source_next(src, &iv, &end, &scratch)) {
			ok = false;
			break;
		}
		if (end)
			break;
		size_t bytes =
		        (e->n + 1) * (sizeof iv + e->n_attrs * sizeof(double));
		if (bytes > room ||
		    !grow(e, (void **)&e->iv, &cap_iv, e->n + 1, sizeof iv) ||
		    (e->n_attrs &&
		     !grow(e, (void **)&e->attrs, &cap_attrs,
		           (e->n + 1) * e->n_attrs, sizeof(double)))) {
			ok = false;
			break;
		}
		if (e->n_attrs)
			memcpy(e->attrs + e->n * e->n_attrs, iv.attrs,
			       e->n_attrs * sizeof(double));
		iv.attrs = NULL;
		e->iv[e->n++] = iv;
	}
	tt_source_close(src);
	if (ok) {
		e->kept = true;
		return;
	}
	drop_intervals(e);
	tt_diag_list_release(&e->notes);
}

static size_t entry_bytes(const entry *e)
{
	return e->n * (sizeof *e->iv + e->n_attrs * sizeof(double));
}

/* ---- replaying ---- */

typedef struct replay {
	tt_source base;
	const entry *e;
	size_t i;
} replay;

static tt_code replay_next(tt_source *src, tt_interval *out, bool *end,
                           tt_diag *d)
{
	replay *r = (replay *)src;
	(void)d;
	*end = r->i >= r->e->n;
	if (*end)
		return TT_OK;
	*out = r->e->iv[r->i];
	if (r->e->n_attrs)
		out->attrs = r->e->attrs + r->i * r->e->n_attrs;
	r->i++;
	return TT_OK;
}

static tt_code replay_rewind(tt_source *src, tt_diag *d)
{
	(void)d;
	((replay *)src)->i = 0;
	return TT_OK;
}

static void replay_close(tt_source *src)
{
	free(src);
}

static const tt_source_ops replay_ops = {replay_next, replay_rewind,
                                         replay_close, NULL};

/* The entry of the spec, read whole when new; NULL when memory runs out. */
static entry *find_or_read(tt_trace_cache *c, const tt_trace_spec *spec,
                           tt_loc where)
{
	keybuf k = {0};
	if (!key_of(spec, &k)) {
		free(k.p);
		return NULL;
	}
	for (entry *e = c->entries; e; e = e->next)
		if (e->key_len == k.len && !memcmp(e->key, k.p, k.len)) {
			free(k.p);
			return e;
		}
	entry *e = calloc(1, sizeof *e);
	if (!e) {
		free(k.p);
		return NULL;
	}
	e->key = k.p;
	e->key_len = k.len;
	read_whole(e, spec, where, c->max - c->used);
	c->used += entry_bytes(e);
	e->next = c->entries;
	c->entries = e;
	return e;
}

tt_code tt_trace_cache_open(tt_trace_cache *c, const tt_trace_spec *spec,
                            tt_loc where, tt_diag_list *notes, tt_source **out,
                            tt_diag *d)
{
	pthread_mutex_lock(&c->lock);
	entry *e = find_or_read(c, spec, where);
	pthread_mutex_unlock(&c->lock);
	if (!e)
		return tt_diag_nomem(d, where);
	if (!e->kept)
		return tt_trace_open(spec, where, notes, out, d);
	replay *r = calloc(1, sizeof *r);
	if (!r)
		return tt_diag_nomem(d, where);
	r->base.ops = &replay_ops;
	r->base.wallclock = e->wallclock;
	r->base.origin_unix_s = e->origin_unix_s;
	r->base.attr_names = (const char *const *)e->attr_names;
	r->base.n_attrs = e->n_attrs;
	r->e = e;
	if (notes && tt_diag_list_extend(notes, &e->notes)) {
		free(r);
		return tt_diag_nomem(d, where);
	}
	*out = &r->base;
	return TT_OK;
}
