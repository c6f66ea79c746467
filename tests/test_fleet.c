/*
 * test_fleet.c - the fleet on its own: instances pending -> in service ->
 * draining -> gone, the activities that wait for them, and the exact
 * integrals of its counts.
 *
 * Each test drives a fleet on a bare engine with a scenario built in code
 * (only the seed and the two delays matter to a fleet), and watches it
 * through its request-mode hooks (when each instance comes up, which one
 * drains) and its activity callback (which activity ends, and when).  The
 * delays are drawn durations (drawn_duration.h); a uniform provisioning
 * delay is checked draw by draw against the stream it must come from, so
 * a change in what the fleet draws, or in what order, fails here before it
 * moves a golden file.
 */
#include "fleet.h"

#include <check.h>
#include <string.h>

#include "testutil.h"
#include "ttsim/rng.h"

#define S TT_US_PER_S
#define MIN TT_US_PER_MIN
#define MAX_EVENTS 128

typedef struct harness {
	tt_engine e;
	tt_scenario s;
	tt_fleet f;
	tt_fleet_hooks hooks;
	bool busy;                    /* drain: instances still hold requests */
	tt_time_us up_at[MAX_EVENTS]; /* by slot; -1: never came up */
	uint32_t drained[MAX_EVENTS]; /* slots, in the order they drained */
	int n_drained;
	uint64_t done_tag[MAX_EVENTS]; /* activities, in the order they ended */
	tt_time_us done_at[MAX_EVENTS];
	int n_done;
} harness;

static tt_code on_up(void *ctx, uint32_t slot)
{
	harness *h = ctx;
	ck_assert_uint_lt(slot, MAX_EVENTS);
	ck_assert_int_eq(h->up_at[slot], -1); /* each instance once */
	h->up_at[slot] = tt_engine_now(&h->e);
	return TT_OK;
}

static bool on_drain(void *ctx, uint32_t slot)
{
	harness *h = ctx;
	ck_assert_int_lt(h->n_drained, MAX_EVENTS);
	h->drained[h->n_drained++] = slot;
	return !h->busy;
}

static tt_code on_done(void *ctx, uint64_t tag)
{
	harness *h = ctx;
	ck_assert_int_lt(h->n_done, MAX_EVENTS);
	h->done_tag[h->n_done] = tag;
	h->done_at[h->n_done++] = tt_engine_now(&h->e);
	return TT_OK;
}

/* A fleet of `initial` instances at time 0 with these delays and seed. */
static void start(harness *h, int initial, tt_drawn_duration prov,
                  tt_drawn_duration deprov, uint64_t seed)
{
	memset(h, 0, sizeof *h);
	for (int i = 0; i < MAX_EVENTS; i++)
		h->up_at[i] = -1;
	h->s.seed = seed;
	h->s.provisioning = prov;
	h->s.deprovisioning = deprov;
	h->hooks = (tt_fleet_hooks){h, on_up, on_drain};
	tt_engine_init(&h->e);
	ck_assert_int_eq(tt_fleet_init(&h->f, &h->e, &h->s, initial, on_done, h,
	                               &h->hooks),
	                 TT_OK);
}

static void stop(harness *h)
{
	tt_fleet_release(&h->f);
	tt_engine_release(&h->e);
}

static tt_code tick(tt_engine *e, void *ctx, uint64_t arg)
{
	(void)e;
	(void)ctx;
	(void)arg;
	return TT_OK;
}

/* Run every event up to `t` and leave the clock at `t`. */
static void run_to(harness *h, tt_time_us t)
{
	ck_assert_int_eq(tt_engine_at(&h->e, t, tick, NULL, 0), TT_OK);
	ck_assert_int_eq(tt_engine_run(&h->e, t), TT_OK);
	ck_assert_int_eq(tt_engine_now(&h->e), t);
}

static void counts(const harness *h, int pending, int in_service, int draining)
{
	ck_assert_int_eq(h->f.pending, pending);
	ck_assert_int_eq(h->f.in_service, in_service);
	ck_assert_int_eq(h->f.draining, draining);
}

static void done(const harness *h, int i, uint64_t tag, tt_time_us at)
{
	ck_assert_int_gt(h->n_done, i);
	ck_assert_uint_eq(h->done_tag[i], tag);
	ck_assert_int_eq(h->done_at[i], at);
}

/* ---- the life of an instance ---- */

/*
 * 2 -> 4 at 0 s with 5 min provisioning: two pending until 300 s, then in
 * service, and the activity ends then.  4 -> 2 at 600 s with 60 s
 * deprovisioning: the two oldest drain, still counted in service, and go
 * at 660 s, when that activity ends.
 */
START_TEST(pending_in_service_draining)
{
	harness h;
	start(&h, 2, tt_drawn_fixed(5 * MIN), tt_drawn_fixed(60 * S), 1);
	ck_assert_int_eq(h.up_at[0], 0);
	ck_assert_int_eq(h.up_at[1], 0);
	counts(&h, 0, 2, 0);

	ck_assert_int_eq(tt_fleet_scale(&h.f, 2, 4, 7), TT_OK);
	counts(&h, 2, 2, 0);
	run_to(&h, 300 * S - 1);
	counts(&h, 2, 2, 0);
	ck_assert_int_eq(h.n_done, 0);
	run_to(&h, 300 * S);
	counts(&h, 0, 4, 0);
	ck_assert_int_eq(h.up_at[2], 300 * S);
	ck_assert_int_eq(h.up_at[3], 300 * S);
	ck_assert_int_eq(h.n_done, 1);
	done(&h, 0, 7, 300 * S);
	ck_assert_int_eq(h.f.peak_in_service, 4);

	run_to(&h, 600 * S);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 4, 2, 8), TT_OK);
	counts(&h, 0, 4, 2);
	ck_assert_int_eq(h.n_drained, 2);
	ck_assert_uint_eq(h.drained[0], 0); /* oldest first */
	ck_assert_uint_eq(h.drained[1], 1);
	run_to(&h, 660 * S - 1);
	counts(&h, 0, 4, 2);
	run_to(&h, 660 * S);
	counts(&h, 0, 2, 0);
	ck_assert_int_eq(h.n_done, 2);
	done(&h, 1, 8, 660 * S);
	stop(&h);
}
END_TEST

/*
 * Scale-in cancels pending instances first, newest first; an activity
 * with nothing left to wait for ends before tt_fleet_scale returns.  The
 * cancelled instance's ready event still fires, for a slot a newer launch
 * has taken since: it must be recognised as stale.
 */
START_TEST(cancel_pending)
{
	harness h;
	start(&h, 2, tt_drawn_fixed(5 * MIN), tt_drawn_fixed(60 * S), 1);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 2, 4, 1), TT_OK); /* slots 2, 3 */
	run_to(&h, 60 * S);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 4, 3, 2), TT_OK);
	counts(&h, 1, 2, 0); /* slot 3 cancelled, nothing drains */
	ck_assert_int_eq(h.n_drained, 0);
	ck_assert_int_eq(h.n_done, 1);
	done(&h, 0, 2, 60 * S);

	run_to(&h, 120 * S);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 3, 4, 3), TT_OK); /* slot 3 */
	counts(&h, 2, 2, 0);
	run_to(&h, 300 * S); /* slot 2's event, and slot 3's stale one */
	counts(&h, 1, 3, 0);
	ck_assert_int_eq(h.up_at[2], 300 * S);
	ck_assert_int_eq(h.up_at[3], -1);
	done(&h, 1, 1, 300 * S);
	run_to(&h, 420 * S);
	counts(&h, 0, 4, 0);
	ck_assert_int_eq(h.up_at[3], 420 * S);
	ck_assert_int_eq(h.n_done, 3);
	done(&h, 2, 3, 420 * S);
	stop(&h);
}
END_TEST

/*
 * Request mode: an instance whose deprovisioning delay is over but which
 * still serves stays (in service, draining) until the server says it is
 * idle; it goes then, and its activity ends then.
 */
START_TEST(draining_waits_for_idle)
{
	harness h;
	start(&h, 2, tt_drawn_fixed(5 * MIN), tt_drawn_fixed(60 * S), 1);
	h.busy = true;
	ck_assert_int_eq(tt_fleet_scale(&h.f, 2, 1, 5), TT_OK);
	run_to(&h, 60 * S);
	counts(&h, 0, 2, 1);
	ck_assert_int_eq(h.n_done, 0);
	run_to(&h, 90 * S);
	ck_assert_int_eq(tt_fleet_idle(&h.f, h.drained[0]), TT_OK);
	counts(&h, 0, 1, 0);
	done(&h, 0, 5, 90 * S);

	/* idle before the delay is over: it goes when the delay is */
	ck_assert_int_eq(tt_fleet_scale(&h.f, 1, 0, 6), TT_OK);
	ck_assert_int_eq(tt_fleet_idle(&h.f, h.drained[1]), TT_OK);
	counts(&h, 0, 1, 1);
	run_to(&h, 150 * S);
	counts(&h, 0, 0, 0);
	done(&h, 1, 6, 150 * S);
	stop(&h);
}
END_TEST

/*
 * SPEC 11: a 0 s delay completes at the instant of the decision, inside
 * tt_fleet_scale, so the timeline row of that evaluation already shows it.
 */
START_TEST(zero_delay_completes_at_the_decision)
{
	harness h;
	start(&h, 2, tt_drawn_fixed(0), tt_drawn_fixed(0), 1);
	run_to(&h, 120 * S);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 2, 4, 1), TT_OK);
	counts(&h, 0, 4, 0);
	ck_assert_int_eq(h.up_at[2], 120 * S);
	ck_assert_int_eq(h.up_at[3], 120 * S);
	done(&h, 0, 1, 120 * S);
	ck_assert_int_eq(h.e.count, 0); /* nothing left to happen */

	ck_assert_int_eq(tt_fleet_scale(&h.f, 4, 1, 2), TT_OK);
	counts(&h, 0, 1, 0);
	done(&h, 1, 2, 120 * S);
	stop(&h);
}
END_TEST

/* ---- exact integrals ---- */

/*
 * 2 in service; 2 more launched at 0 s come up at 100 s; a period ends at
 * 300 s.  The counts are piecewise constant, so the integrals are exact:
 * in service 2 x 100 + 4 x 200 = 1000 instance-s, billed (pending too)
 * 4 x 300 = 1200, 1 / in service 100 / 2 + 200 / 4 = 100 s.
 */
START_TEST(integrals)
{
	harness h;
	tt_period_load load;
	start(&h, 2, tt_drawn_fixed(100 * S), tt_drawn_fixed(60 * S), 1);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 2, 4, 1), TT_OK);
	run_to(&h, 300 * S);
	tt_fleet_advance(&h.f, 300 * S);
	memset(&load, 0, sizeof load);
	tt_fleet_take_period(&h.f, &load);
	ck_assert(load.active_us == 1000.0 * S);
	ck_assert(load.inv_active_us == 100.0 * S);
	ck_assert_int_eq(load.served_us, 300 * S);
	ck_assert_int_eq(load.active_lo, 2);
	ck_assert_int_eq(load.active_hi, 4);
	ck_assert(h.f.billed_us == 1200.0 * S);
	ck_assert(h.f.in_service_us == 1000.0 * S);

	/* The next period starts from zero; the whole-run ones go on.
	 * Scale-in at 360 s: the two draining count until they go at 420 s. */
	run_to(&h, 360 * S);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 4, 2, 2), TT_OK);
	run_to(&h, 600 * S);
	tt_fleet_advance(&h.f, 600 * S);
	tt_fleet_take_period(&h.f, &load);
	ck_assert(load.active_us == (4.0 * 120 + 2.0 * 180) * S);
	ck_assert(load.inv_active_us == (120.0 / 4 + 180.0 / 2) * S);
	ck_assert_int_eq(load.served_us, 300 * S);
	ck_assert_int_eq(load.active_lo, 2);
	ck_assert_int_eq(load.active_hi, 4);
	ck_assert(h.f.billed_us == (1200.0 + 4 * 120 + 2 * 180) * S);
	ck_assert(h.f.in_service_us == (1000.0 + 4 * 120 + 2 * 180) * S);

	/* A fleet at 0 serves nothing: no time served, no bounds. */
	ck_assert_int_eq(tt_fleet_scale(&h.f, 2, 0, 3), TT_OK);
	run_to(&h, 900 * S);
	tt_fleet_advance(&h.f, 900 * S);
	tt_fleet_take_period(&h.f, &load);
	ck_assert(load.active_us == 2.0 * 60 * S);
	ck_assert_int_eq(load.served_us, 60 * S);
	ck_assert(h.f.in_service_us == (1840.0 + 120) * S);
	stop(&h);
}
END_TEST

/* ---- drawn delays through the fleet ---- */

#define LAUNCHES 60
#define PROV_MIN (4 * MIN)
#define PROV_MAX (7 * MIN)

static const tt_drawn_duration uniform_prov = {
        .kind = TT_DRAWN_UNIFORM, .min_us = PROV_MIN, .max_us = PROV_MAX};

/* 1 -> 1 + LAUNCHES at 0 s; the come-up times of the launches, in launch
 * order (slots 1.. in a fresh fleet), and when the activity ended. */
static tt_time_us launch_all(uint64_t seed, tt_drawn_duration prov,
                             tt_time_us *up)
{
	harness h;
	start(&h, 1, prov, tt_drawn_fixed(60 * S), seed);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 1, 1 + LAUNCHES, 9), TT_OK);
	counts(&h, LAUNCHES, 1, 0);
	run_to(&h, 8 * MIN);
	counts(&h, 0, 1 + LAUNCHES, 0);
	for (int k = 0; k < LAUNCHES; k++)
		up[k] = h.up_at[1 + k];
	ck_assert_int_eq(h.n_done, 1);
	ck_assert_uint_eq(h.done_tag[0], 9);
	tt_time_us at = h.done_at[0];
	stop(&h);
	return at;
}

/*
 * A uniform provisioning delay: each instance's draw lies in [min, max],
 * is the next tt_rng_range(min, max) of the seed's TT_RNG_PROVISIONING
 * stream in launch order (what the fleet has always drawn), and the
 * activity ends when its latest instance comes up.
 */
START_TEST(uniform_provisioning)
{
	tt_time_us up[LAUNCHES];
	tt_time_us ended = launch_all(42, uniform_prov, up);
	tt_rng r;
	tt_rng_seed(&r, 42, TT_RNG_PROVISIONING);
	tt_time_us lo = TT_TIME_MAX, hi = 0;
	for (int k = 0; k < LAUNCHES; k++) {
		ck_assert_int_ge(up[k], PROV_MIN);
		ck_assert_int_le(up[k], PROV_MAX);
		ck_assert_int_eq(up[k], tt_rng_range(&r, PROV_MIN, PROV_MAX));
		lo = up[k] < lo ? up[k] : lo;
		hi = up[k] > hi ? up[k] : hi;
	}
	ck_assert_int_eq(ended, hi);
	/* 60 draws from 180,000,001 values: spread over most of the range */
	ck_assert_int_lt(lo, PROV_MIN + MIN);
	ck_assert_int_gt(hi, PROV_MAX - MIN);
}
END_TEST

/* Same seed, same draws; another seed, other draws. */
START_TEST(uniform_provisioning_per_seed)
{
	tt_time_us a[LAUNCHES], b[LAUNCHES], c[LAUNCHES];
	tt_time_us end_a = launch_all(42, uniform_prov, a);
	tt_time_us end_b = launch_all(42, uniform_prov, b);
	launch_all(43, uniform_prov, c);
	ck_assert(!memcmp(a, b, sizeof a));
	ck_assert_int_eq(end_a, end_b);
	int differ = 0;
	for (int k = 0; k < LAUNCHES; k++)
		differ += a[k] != c[k];
	ck_assert_int_gt(differ, LAUNCHES - 3);
}
END_TEST

/*
 * Any distribution of the vocabulary can be a delay: an exponential one
 * draws on the same stream, and every draw is whole microseconds >= 0.
 */
START_TEST(exponential_provisioning)
{
	tt_drawn_duration prov = {.kind = TT_DRAWN_EXPONENTIAL,
	                          .mean_us = 30 * S};
	tt_time_us up[LAUNCHES];
	tt_time_us ended = launch_all(5, prov, up);
	tt_drawn_sampler sm;
	ck_assert_int_eq(tt_drawn_sampler_init(&sm, &prov, 5,
	                                       TT_RNG_PROVISIONING, NULL, 0,
	                                       NULL),
	                 TT_OK);
	tt_time_us hi = 0;
	for (int k = 0; k < LAUNCHES; k++) {
		ck_assert_int_eq(up[k], tt_drawn_sample(&sm, NULL));
		hi = up[k] > hi ? up[k] : hi;
	}
	ck_assert_int_eq(ended, hi);
}
END_TEST

/*
 * Deprovisioning draws from its own stream: one instance per activity, so
 * each activity ends at its instance's draw, the same whatever the
 * provisioning delay drew before.
 */
START_TEST(deprovisioning_stream)
{
	tt_drawn_duration deprov = {
	        .kind = TT_DRAWN_UNIFORM, .min_us = 10 * S, .max_us = 50 * S};
	tt_drawn_duration provs[] = {tt_drawn_fixed(0), uniform_prov};
	tt_time_us ends[2][8];
	for (int p = 0; p < 2; p++) {
		harness h;
		start(&h, 1, provs[p], deprov, 42);
		ck_assert_int_eq(tt_fleet_scale(&h.f, 1, 9, 100), TT_OK);
		run_to(&h, 10 * MIN);
		for (int k = 0; k < 8; k++)
			ck_assert_int_eq(
			        tt_fleet_scale(&h.f, 9 - k, 8 - k, (uint64_t)k),
			        TT_OK);
		run_to(&h, 20 * MIN);
		counts(&h, 0, 1, 0);
		ck_assert_int_eq(h.n_done, 9);
		tt_rng r;
		tt_rng_seed(&r, 42, TT_RNG_DEPROVISIONING);
		/* activities end in time order, not in tag order */
		for (int i = 1; i < 9; i++) {
			uint64_t k = h.done_tag[i];
			ck_assert_uint_lt(k, 8);
			ends[p][k] = h.done_at[i] - 10 * MIN;
		}
		for (int k = 0; k < 8; k++)
			ck_assert_int_eq(ends[p][k],
			                 tt_rng_range(&r, 10 * S, 50 * S));
		stop(&h);
	}
	ck_assert(!memcmp(ends[0], ends[1], sizeof ends[0]));
}
END_TEST


/* ---- an inference component: copies on instances (SPEC.md 13.1) ---- */

/*
 * A fleet of `initial` copies of an inference component: 5 min
 * provisioning, 60 s deprovisioning, 150 s copy load, 10 min release.
 */
static void start_ic(harness *h, int initial, int per_instance, int min_inst,
                     int max_inst, tt_ic_packing packing)
{
	memset(h, 0, sizeof *h);
	for (int i = 0; i < MAX_EVENTS; i++)
		h->up_at[i] = -1;
	h->s.seed = 1;
	h->s.provisioning = tt_drawn_fixed(5 * MIN);
	h->s.deprovisioning = tt_drawn_fixed(60 * S);
	h->s.ic = (tt_ic_config){.on = true,
	                         .copies_per_instance = per_instance,
	                         .packing = packing,
	                         .copy_load = tt_drawn_fixed(150 * S),
	                         .instance_release_us = 10 * MIN,
	                         .no_capacity_resolution_us = 60 * S,
	                         .min_instances = min_inst,
	                         .max_instances = max_inst};
	h->hooks = (tt_fleet_hooks){h, on_up, on_drain};
	tt_engine_init(&h->e);
	ck_assert_int_eq(tt_fleet_init(&h->f, &h->e, &h->s, initial, on_done, h,
	                               &h->hooks),
	                 TT_OK);
}

static void instances(const harness *h, int pending, int up)
{
	ck_assert_int_eq(tt_fleet_instances_pending(&h->f), pending);
	ck_assert_int_eq(tt_fleet_instances_in_service(&h->f), up);
}

/*
 * Two copies per instance.  A second copy goes on the serving instance
 * and serves after its load (150 s); a third needs a new instance and
 * serves when it is up plus the load (200 + 300 + 150); a fourth goes on
 * that pending instance and serves with the third.
 */
START_TEST(ic_copies_follow_instances)
{
	harness h;
	start_ic(&h, 1, 2, 0, 4, TT_IC_PACKING_FILL);
	instances(&h, 0, 1);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 1, 2, 1), TT_OK);
	instances(&h, 0, 1); /* room on the one there is */
	counts(&h, 1, 1, 0);
	run_to(&h, 150 * S);
	counts(&h, 0, 2, 0);
	done(&h, 0, 1, 150 * S);

	run_to(&h, 200 * S);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 2, 3, 2), TT_OK);
	instances(&h, 1, 1);
	run_to(&h, 210 * S);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 3, 4, 3), TT_OK);
	instances(&h, 1, 1); /* the pending instance has room */
	run_to(&h, 500 * S);
	instances(&h, 0, 2);
	counts(&h, 2, 2, 0); /* up, the copies still loading */
	run_to(&h, 650 * S);
	counts(&h, 0, 4, 0);
	ck_assert_int_eq(h.up_at[2], 650 * S);
	ck_assert_int_eq(h.up_at[3], 650 * S);
	ck_assert_int_eq(h.n_done, 3);
	stop(&h);
}
END_TEST

/*
 * Scale-in from 4 copies on 2 instances to 2: with `fill` both copies of
 * one instance leave (the oldest's, on a tie), it is empty at 60 s and
 * released 10 min later; billing counts 2 instances until then, then 1.
 */
START_TEST(ic_empty_instance_released)
{
	harness h;
	start_ic(&h, 4, 2, 0, 4, TT_IC_PACKING_FILL);
	instances(&h, 0, 2);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 4, 2, 1), TT_OK);
	ck_assert_int_eq(h.n_drained, 2);
	ck_assert_uint_eq(h.drained[0], 0);
	ck_assert_uint_eq(h.drained[1], 1); /* the same instance */
	run_to(&h, 60 * S);
	counts(&h, 0, 2, 0);
	done(&h, 0, 1, 60 * S);
	run_to(&h, 660 * S - 1);
	instances(&h, 0, 2);
	run_to(&h, 660 * S);
	instances(&h, 0, 1);
	run_to(&h, 1000 * S);
	tt_fleet_advance(&h.f, 1000 * S);
	ck_assert(tt_fleet_billed_us(&h.f) ==
	          (double)(2 * 660 + 340) * (double)S);
	stop(&h);
}
END_TEST

/* With `spread` a new copy goes to the emptiest instance, and scale-in
 * takes from the fullest. */
START_TEST(ic_spread)
{
	harness h;
	start_ic(&h, 0, 2, 2, 2, TT_IC_PACKING_SPREAD);
	instances(&h, 0, 2);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 0, 3, 1), TT_OK);
	ck_assert_int_eq(h.f.hosts.h[0].copies, 2);
	ck_assert_int_eq(h.f.hosts.h[1].copies, 1);
	run_to(&h, 150 * S);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 3, 2, 2), TT_OK);
	ck_assert_int_eq(h.f.hosts.h[0].held, 1);
	ck_assert_int_eq(h.f.hosts.h[1].held, 1);
	stop(&h);

	start_ic(&h, 0, 2, 2, 2, TT_IC_PACKING_FILL);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 0, 3, 1), TT_OK);
	ck_assert_int_eq(h.f.hosts.h[0].copies, 2);
	ck_assert_int_eq(h.f.hosts.h[1].copies, 1);
	run_to(&h, 150 * S);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 3, 2, 2), TT_OK);
	ck_assert_int_eq(h.f.hosts.h[0].held, 2); /* the emptier one gives */
	ck_assert_int_eq(h.f.hosts.h[1].held, 0);
	stop(&h);
}
END_TEST

/*
 * A copy that fits on no instance (MaxInstanceCount reached) stays
 * pending outside the activity, which ends without it; scale-in cancels
 * it first, and nothing drains.
 */
START_TEST(ic_copy_fits_nowhere)
{
	harness h;
	start_ic(&h, 1, 1, 0, 1, TT_IC_PACKING_FILL);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 1, 2, 1), TT_OK);
	counts(&h, 1, 1, 0);
	done(&h, 0, 1, 0);
	run_to(&h, 3600 * S);
	counts(&h, 1, 1, 0);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 2, 1, 2), TT_OK);
	counts(&h, 0, 1, 0);
	ck_assert_int_eq(h.n_drained, 0);
	done(&h, 1, 2, 3600 * S);
	stop(&h);
}
END_TEST

/*
 * An empty instance waits instance_release for a copy: one arriving first
 * keeps it (and loads without provisioning); MinInstanceCount keeps one
 * for ever.
 */
START_TEST(ic_release_waits_for_a_copy)
{
	harness h;
	start_ic(&h, 1, 1, 0, 2, TT_IC_PACKING_FILL);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 1, 0, 1), TT_OK);
	run_to(&h, 300 * S); /* copy gone at 60, release due at 660 */
	ck_assert_int_eq(h.f.in_service, 0);
	h.up_at[0] = -1; /* the new copy takes the gone one's slot */
	ck_assert_int_eq(tt_fleet_scale(&h.f, 0, 1, 2), TT_OK);
	run_to(&h, 450 * S);
	counts(&h, 0, 1, 0);
	instances(&h, 0, 1);
	ck_assert_int_eq(h.f.wake_ups, 1);
	ck_assert_int_eq(h.f.woke_us, 450 * S);
	ck_assert_int_eq(h.f.emptied_us, 60 * S);
	run_to(&h, 2000 * S);
	instances(&h, 0, 1);
	stop(&h);

	start_ic(&h, 1, 1, 1, 2, TT_IC_PACKING_FILL);
	ck_assert_int_eq(tt_fleet_scale(&h.f, 1, 0, 1), TT_OK);
	run_to(&h, 2000 * S);
	counts(&h, 0, 0, 0);
	instances(&h, 0, 1);
	tt_fleet_advance(&h.f, 2000 * S);
	ck_assert_int_eq(h.f.empty_us, 1940 * S);
	stop(&h);
}
END_TEST

static Suite *fleet_suite(void)
{
	Suite *s = suite_create("fleet");
	const tu_case cases[] = {
	        {"lifecycle", pending_in_service_draining},
	        {"cancel_pending", cancel_pending},
	        {"draining_waits_for_idle", draining_waits_for_idle},
	        {"spec11_zero_delay", zero_delay_completes_at_the_decision},
	        {"integrals", integrals},
	        {"uniform_provisioning", uniform_provisioning},
	        {"uniform_provisioning_per_seed",
	         uniform_provisioning_per_seed},
	        {"exponential_provisioning", exponential_provisioning},
	        {"deprovisioning_stream", deprovisioning_stream},
	        {"ic_copies_follow_instances", ic_copies_follow_instances},
	        {"ic_empty_instance_released", ic_empty_instance_released},
	        {"ic_spread", ic_spread},
	        {"ic_copy_fits_nowhere", ic_copy_fits_nowhere},
	        {"ic_release_waits_for_a_copy", ic_release_waits_for_a_copy},
	};
	TU_ADD_CASES(s, cases);
	return s;
}

int main(void)
{
	return tu_run_suite(fleet_suite());
}
