/*
 * read_ahead.c - a trace read on a second thread while the run goes
 * (read_ahead.h).
 *
 * The reader thread fills batches of intervals into a ring of slots and
 * the run takes them in order.  The lock is taken once a batch, not once
 * an interval, and a reader waiting on a full ring is woken when the ring
 * is half empty, not at each batch (a wake-up is a system call).
 *
 * Until it is joined, only the reader thread calls the reader, and the
 * reader's notes go to a list of ours (`own`) that only that thread
 * touches; it moves them into the batch of the call that gave them and
 * ends the batch there, so the run adds them to its own list
 * when it makes that call.  A batch ends:
 *
 *   - full, or after a call that gave notes: they belong to the call that
 *     gave its last interval;
 *   - at the end of the trace or its failure (`last`): they belong to
 *     that call, which the run then makes again and again.
 */
#include "read_ahead.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

enum {
	ROWS = 2048, /* intervals in a batch */
	SLOTS = 4    /* batches read ahead, at most */
};

typedef struct batch {
	tt_interval iv[ROWS];
	double *attrs; /* ROWS * n_attrs; iv[i].attrs points in here */
	size_t n;
	bool last; /* the trace stops after iv: its end, or `fail` */
	tt_source_failure fail;
	tt_diag_list notes; /* see the top */
} batch;

typedef struct ahead {
	tt_source base; /* first: a tt_source * is an ahead * */
	tt_source *inner;
	tt_source *first; /* when read again (once at most), the reader
	                     opened first: its attribute names were handed
	                     on */
	const tt_trace_spec *spec;
	tt_loc where;
	tt_diag_list *notes; /* the run's */
	tt_diag_list own;    /* the reader's, until moved on */

	/* shared with the reader thread */
	pthread_mutex_t lock;
	pthread_cond_t filled, freed;
	batch *slots;        /* [SLOTS] */
	uint64_t head, tail; /* batches taken by the run, filled: under lock */
	bool quit;           /* under lock */
	bool threaded;       /* the thread was started and not yet joined */
	pthread_t thread;

	/* the run's side, while threaded */
	size_t pos;     /* the next interval of slots[head % SLOTS] */
	bool have;      /* that batch is filled */
	uint64_t given; /* intervals given since the open */
	bool at_end;    /* the last call gave the batch's `last` */
	tt_source_failure fail;
} ahead;

/* Move the notes in `from` to `to` (NULL: dropped), in order. */
static void pass_notes(tt_diag_list *to, tt_diag_list *from)
{
	if (to && from->count)
		(void)tt_diag_list_extend(to, from); /* a note lost to ENOMEM,
		                                        as tt_diag_list_add */
	from->count = 0;
}

/* The reader thread's part: one batch from the reader. */
static void fill(ahead *a, batch *b)
{
	size_t na = a->base.n_attrs;
	b->n = 0;
	b->last = false;
	b->fail.code = TT_OK;
	b->notes.count = 0;
	while (b->n < ROWS) {
		tt_interval *iv = &b->iv[b->n];
		bool end;
		tt_code rc = tt_source_next(a->inner, iv, &end, &b->fail.diag);
		if (rc) {
			b->fail.code = rc;
			b->last = true;
		} else if (end) {
			b->last = true;
		} else {
			if (iv->attrs) {
				double *to = b->attrs + b->n * na;
				memcpy(to, iv->attrs, na * sizeof *to);
				iv->attrs = to;
			}
			b->n++;
		}
		if (a->own.count) {
			pass_notes(&b->notes, &a->own);
			break;
		}
		if (b->last)
			break;
	}
}

static void *reader(void *arg)
{
	ahead *a = arg;
	for (;;) {
		pthread_mutex_lock(&a->lock);
		while (a->tail - a->head == SLOTS && !a->quit)
			pthread_cond_wait(&a->freed, &a->lock);
		bool quit = a->quit;
		batch *b = &a->slots[a->tail % SLOTS];
		pthread_mutex_unlock(&a->lock);
		if (quit)
			return NULL;
		fill(a, b);
		pthread_mutex_lock(&a->lock);
		a->tail++;
		pthread_cond_signal(&a->filled);
		pthread_mutex_unlock(&a->lock);
		if (b->last)
			return NULL;
	}
}

/* Stop the reader thread, wherever it is, and join it. */
static void stop(ahead *a)
{
	if (!a->threaded)
		return;
	pthread_mutex_lock(&a->lock);
	a->quit = true;
	pthread_cond_signal(&a->freed);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	a->threaded = false;
}

static tt_code ahead_next(tt_source *src, tt_interval *out, bool *end,
                          tt_diag *d)
{
	ahead *a = (ahead *)src;
	if (!a->threaded) {
		tt_code rc = tt_source_next(a->inner, out, end, d);
		pass_notes(a->notes, &a->own);
		return rc;
	}
	for (;;) {
		if (!a->have) {
			pthread_mutex_lock(&a->lock);
			while (a->tail == a->head)
				pthread_cond_wait(&a->filled, &a->lock);
			pthread_mutex_unlock(&a->lock);
			a->have = true;
		}
		batch *b = &a->slots[a->head % SLOTS];
		if (a->pos < b->n) {
			*out = b->iv[a->pos++];
			if (a->pos == b->n && !b->last)
				pass_notes(a->notes, &b->notes);
			a->given++;
			*end = false;
			return TT_OK;
		}
		if (b->last) {
			if (!a->at_end) {
				a->at_end = true;
				pass_notes(a->notes, &b->notes);
				a->fail = b->fail;
			}
			*end = !a->fail.code;
			return tt_source_failed(&a->fail, d);
		}
		/* this batch is spent: its slot goes back to the reader */
		pthread_mutex_lock(&a->lock);
		a->head++;
		if (a->tail - a->head <= SLOTS / 2)
			pthread_cond_signal(&a->freed);
		pthread_mutex_unlock(&a->lock);
		a->pos = 0;
		a->have = false;
	}
}

/*
 * The reader as the run left it, without what the thread read past that:
 * opened again and read up to the same interval, its notes (given once
 * already) dropped.
 */
static tt_code reread(ahead *a, tt_diag *d)
{
	tt_source *fresh;
	tt_code rc = tt_trace_open(a->spec, a->where, &a->own, &fresh, d);
	a->own.count = 0;
	if (rc)
		return rc;
	for (uint64_t i = 0; !rc && i < a->given; i++) {
		tt_interval iv;
		bool end;
		rc = tt_source_next(fresh, &iv, &end, d);
	}
	a->own.count = 0;
	if (rc) {
		tt_source_close(fresh);
		return rc;
	}
	a->first = a->inner;
	a->inner = fresh;
	return TT_OK;
}

static tt_code ahead_rewind(tt_source *src, tt_diag *d)
{
	ahead *a = (ahead *)src;
	if (a->threaded) {
		bool short_of_end = !a->at_end;
		stop(a);
		if (short_of_end) {
			tt_code rc = reread(a, d);
			if (rc)
				return rc;
		}
	}
	tt_code rc = tt_source_rewind(a->inner, d);
	pass_notes(a->notes, &a->own);
	return rc;
}

static void ahead_close(tt_source *src)
{
	ahead *a = (ahead *)src;
	stop(a);
	if (a->slots) {
		for (size_t i = 0; i < SLOTS; i++) {
			free(a->slots[i].attrs);
			tt_diag_list_release(&a->slots[i].notes);
		}
		free(a->slots);
		pthread_mutex_destroy(&a->lock);
		pthread_cond_destroy(&a->filled);
		pthread_cond_destroy(&a->freed);
	}
	tt_source_close(a->inner);
	if (a->first)
		tt_source_close(a->first);
	tt_diag_list_release(&a->own);
	free(a);
}

static const tt_source_ops ahead_ops = {ahead_next, ahead_rewind, ahead_close,
                                        NULL};

/* The ring and its lock; false (and nothing held) when any is missing. */
static bool make_ring(ahead *a)
{
	size_t na = a->base.n_attrs;
	if (!(a->slots = calloc(SLOTS, sizeof *a->slots)))
		return false;
	bool ok = true;
	for (size_t i = 0; i < SLOTS && ok && na; i++)
		ok = (a->slots[i].attrs = calloc(ROWS * na, sizeof(double))) !=
		     NULL;
	bool locked = ok && !pthread_mutex_init(&a->lock, NULL);
	bool filled = locked && !pthread_cond_init(&a->filled, NULL);
	bool freed = filled && !pthread_cond_init(&a->freed, NULL);
	if (freed)
		return true;
	if (filled)
		pthread_cond_destroy(&a->filled);
	if (locked)
		pthread_mutex_destroy(&a->lock);
	for (size_t i = 0; i < SLOTS; i++)
		free(a->slots[i].attrs);
	free(a->slots);
	a->slots = NULL;
	return false;
}

/* The reader thread, started with every signal blocked: signals are the
 * run's thread's to take (the command's handlers count on it). */
static void start(ahead *a)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	a->threaded = !pthread_create(&a->thread, NULL, reader, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

tt_code tt_read_ahead_open(const tt_trace_spec *spec, tt_loc where,
                           tt_diag_list *notes, tt_source **out, tt_diag *d)
{
	ahead *a = calloc(1, sizeof *a);
	if (!a)
		return tt_diag_nomem(d, where);
	tt_code rc = tt_trace_open(spec, where, &a->own, &a->inner, d);
	pass_notes(notes, &a->own);
	if (rc) {
		tt_diag_list_release(&a->own);
		free(a);
		return rc;
	}
	a->base = *a->inner;
	a->base.ops = &ahead_ops;
	a->spec = spec;
	a->where = where;
	a->notes = notes;
	/* without a ring or a thread, the run's thread reads */
	if (make_ring(a))
		start(a);
	*out = &a->base;
	return TT_OK;
}
