/*
 * test_sweep.c - `--set` overrides and sweeps: grid expansion and order,
 * override paths into the scenario and its policies (inline and in
 * files), the exact messages of bad overrides, results identical for any
 * thread count, shards merged back into the unsharded table byte for
 * byte, merge refusals, a journal read back to resume a stopped sweep
 * into the same table, and the Pareto front.
 *
 * Scenarios: tests/data/sweep/ (inline.yaml, file.yaml and its policy
 * files).
 */
#include "ttsim/sweep.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "ttsim/scenario.h"

static const char *data(char *buf, size_t size, const char *name)
{
	char rel[128];
	snprintf(rel, sizeof rel, "tests/data/sweep/%s", name);
	return tu_src_path(buf, size, rel);
}

/* A grid from specs (NULL-terminated); each must be accepted. */
static void grid_of(tt_sweep_grid *g, const char *const *specs)
{
	tt_diag d;
	char buf[700];
	memset(g, 0, sizeof *g);
	for (size_t i = 0; specs[i]; i++) {
		tt_diag_clear(&d);
		ck_assert_msg(tt_sweep_grid_add(g, specs[i], &d) == TT_OK, "%s",
		              tu_diag_str(&d, buf, sizeof buf));
	}
}

/* The values of a one-axis grid joined by '|'. */
static const char *values_of(const char *spec, char *out, size_t size)
{
	const char *specs[] = {spec, NULL};
	tt_sweep_grid g;
	grid_of(&g, specs);
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < g.axes[0].n; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? "|" : "",
		                      g.axes[0].values[i]);
	tt_sweep_grid_release(&g);
	return out;
}

/* The message a refused spec gives. */
static const char *grid_error(const char *spec, char *out, size_t size)
{
	tt_sweep_grid g = {0};
	tt_diag d;
	tt_diag_clear(&d);
	ck_assert_int_ne(tt_sweep_grid_add(&g, spec, &d), TT_OK);
	ck_assert_uint_eq(g.n_axes, 0);
	tt_sweep_grid_release(&g);
	return tu_diag_str(&d, out, size);
}

/* ---- grid expansion ---- */

START_TEST(grid_lists)
{
	char buf[512];
	ck_assert_str_eq(values_of("a=1,2,3", buf, sizeof buf), "1|2|3");
	/* commas inside braces, brackets and quotes do not split */
	ck_assert_str_eq(values_of("instance.provisioning={dist: uniform, "
	                           "min: 4m, max: 7m},9m",
	                           buf, sizeof buf),
	                 "{dist: uniform, min: 4m, max: 7m}|9m");
	ck_assert_str_eq(values_of("a='x,y',[1, 2],\"p,q\"", buf, sizeof buf),
	                 "'x,y'|[1, 2]|\"p,q\"");
	ck_assert_str_eq(values_of("aws.zero_traffic=missing", buf, sizeof buf),
	                 "missing");
}
END_TEST

START_TEST(grid_ranges)
{
	static const struct {
		const char *spec, *values;
	} cases[] = {
	        {"k=50:80:10", "50|60|70|80"},
	        {"k=1:10:4", "1|5|9"}, /* STOP not landed on: left out */
	        {"k=0.1:0.5:0.1", "0.1|0.2|0.3|0.4|0.5"},
	        {"k=0.5:1.5:0.25", "0.50|0.75|1.00|1.25|1.50"},
	        {"k=5:5:1", "5"},
	        {"k=1m:5m:1m", "1m|2m|3m|4m|5m"},
	        {"k=90s:150s:30s", "90s|120s|150s"},
	        {"k=1h:2h:30m", "60m|90m|120m"},
	        {"k=1,10:30:10,99", "1|10|20|30|99"},
	        /* not a range: a calendar time keeps its colons */
	        {"k=1998-06-10 00:00:00", "1998-06-10 00:00:00"},
	};
	char buf[512];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(values_of(cases[i].spec, buf, sizeof buf),
		                 cases[i].values);
}
END_TEST

START_TEST(grid_errors)
{
	static const struct {
		const char *spec, *msg;
	} cases[] = {
	        {"k=5:1:1", "--set 'k=5:1:1': error: invalid range '5:1:1': "
	                    "STOP must be >= START"},
	        {"k=1:5:0", "--set 'k=1:5:0': error: invalid range '1:5:0': "
	                    "STEP must be > 0"},
	        {"k=1m:5m:0s", "--set 'k=1m:5m:0s': error: invalid range "
	                       "'1m:5m:0s': STEP must be > 0"},
	        {"k=1,,2", "--set 'k=1,,2': error: empty value in the list "
	                   "for 'k'"},
	        {"novalue", "--set 'novalue': error: expected "
	                    "KEY=VALUE[,VALUE...]"},
	        {"=1", "--set '=1': error: expected KEY=VALUE[,VALUE...]"},
	};
	char buf[700];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(grid_error(cases[i].spec, buf, sizeof buf),
		                 cases[i].msg);

	/* a key twice */
	const char *specs[] = {"a=1,2", NULL};
	tt_sweep_grid g;
	tt_diag d;
	grid_of(&g, specs);
	ck_assert_int_eq(tt_sweep_grid_add(&g, "a=3", &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "--set 'a=3': error: 'a' is given twice (give all "
	                 "its values in one --set)");
	ck_assert_uint_eq(g.n_axes, 1);
	tt_sweep_grid_release(&g);
}
END_TEST

START_TEST(grid_order)
{
	const char *specs[] = {"a=1,2", "b=x,y,z", NULL};
	static const char *const want[6][2] = {{"1", "x"}, {"1", "y"},
	                                       {"1", "z"}, {"2", "x"},
	                                       {"2", "y"}, {"2", "z"}};
	tt_sweep_grid g;
	tt_override ov[2];
	grid_of(&g, specs);
	ck_assert_uint_eq(tt_sweep_grid_count(&g), 6);
	for (size_t i = 0; i < 6; i++) {
		tt_sweep_grid_combination(&g, i, ov);
		ck_assert_str_eq(ov[0].key, "a");
		ck_assert_str_eq(ov[1].key, "b");
		ck_assert_str_eq(ov[0].value, want[i][0]);
		ck_assert_str_eq(ov[1].value, want[i][1]);
	}
	tt_sweep_grid_release(&g);

	tt_sweep_grid none = {0};
	ck_assert_uint_eq(tt_sweep_grid_count(&none), 1);
}
END_TEST

/* ---- overrides ---- */

/* Load a data scenario with overrides "K=V" (NULL-terminated). */
static tt_code load_with(const char *name, const char *const *sets,
                         tt_scenario *s, tt_diag *d)
{
	char path[512], keys[8][128];
	tt_override items[8];
	size_t n = 0;
	for (; sets[n]; n++) {
		const char *eq = strchr(sets[n], '=');
		snprintf(keys[n], sizeof keys[n], "%.*s", (int)(eq - sets[n]),
		         sets[n]);
		items[n].key = keys[n];
		items[n].value = (char *)(eq + 1);
		items[n].option = NULL;
	}
	tt_overrides ov = {items, n};
	tt_diag_clear(d);
	return tt_scenario_load_file_with(data(path, sizeof path, name), &ov, s,
	                                  d);
}

static void load_ok(const char *name, const char *const *sets, tt_scenario *s)
{
	tt_diag d;
	char buf[700];
	tt_code rc = load_with(name, sets, s, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
}

static const char *load_error(const char *name, const char *set, char *buf,
                              size_t size)
{
	const char *sets[] = {set, NULL};
	tt_scenario s;
	tt_diag d;
	ck_assert_int_ne(load_with(name, sets, &s, &d), TT_OK);
	return tu_diag_str(&d, buf, size);
}

START_TEST(set_type_errors)
{
	static const struct {
		const char *scenario, *set, *msg;
	} cases[] = {
	        {"inline.yaml", "capacity.max=abc",
	         "--set 'capacity.max=abc':1:14: error: expected an integer "
	         "for 'max', got 'abc'"},
	        {"inline.yaml", "policies[0].TargetValue=abc",
	         "--set 'policies[0].TargetValue=abc':1:25: error: expected a "
	         "number for 'TargetValue', got 'abc'"},
	        {"file.yaml", "policies[1].TargetValue=high",
	         "--set 'policies[1].TargetValue=high':1:25: error: expected a "
	         "number for 'TargetValue', got 'high'"},
	        {"inline.yaml", "aws.zero_traffic=sometimes",
	         "--set 'aws.zero_traffic=sometimes':1:18: error: "
	         "'zero_traffic' must be 'zero' or 'missing', got "
	         "'sometimes'"},
	        {"inline.yaml",
	         "instance.provisioning={dist: uniform, min: 4m}",
	         "--set 'instance.provisioning={dist: uniform, min: "
	         "4m}':1:23: error: missing required key 'max' in "
	         "'instance.provisioning'"},
	        {"inline.yaml", "capacity.mix=3",
	         "--set 'capacity.mix=3':1:10: error: unknown key 'mix' in "
	         "'capacity' (expected one of: min, max, initial, suspended, "
	         "register)"},
	        {"inline.yaml", "capacity.max=",
	         "--set 'capacity.max=':1:14: error: missing value after '=' "
	         "(write '' for an empty string)"},
	        {"inline.yaml", "workload.scale=-2",
	         "--set 'workload.scale=-2':1:16: error: 'scale' must be >= 0, "
	         "got -2"},
	};
	char buf[700];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(load_error(cases[i].scenario, cases[i].set,
		                            buf, sizeof buf),
		                 cases[i].msg);
}
END_TEST

START_TEST(set_path_errors)
{
	static const struct {
		const char *scenario, *set, *msg;
	} cases[] = {
	        {"inline.yaml", "policies[1].TargetValue=5",
	         "--set 'policies[1].TargetValue=5':1:9: error: index 1 is "
	         "out of range: 'policies' has 1 item"},
	        {"file.yaml", "policies[2].TargetValue=5",
	         "--set 'policies[2].TargetValue=5':1:9: error: index 2 is "
	         "out of range: 'policies' has 2 items"},
	        {"inline.yaml", "capacity.max.x=5",
	         "--set 'capacity.max.x=5':1:14: error: 'capacity.max' is a "
	         "scalar, not a map: it has no key 'x'"},
	        {"inline.yaml", "capacity[0]=5",
	         "--set 'capacity[0]=5':1:9: error: 'capacity' is a map, not "
	         "a sequence: it has no item [0]"},
	        {"inline.yaml", "slo.levels[0]=5",
	         "--set 'slo.levels[0]=5':1:11: error: index 0 is out of "
	         "range: there is no 'slo.levels'"},
	        {"inline.yaml", "a..b=1",
	         "--set 'a..b=1':1:3: error: expected a key name in 'a..b'"},
	        {"inline.yaml", "a[x]=1",
	         "--set 'a[x]=1':1:2: error: expected an index like [0] in "
	         "'a[x]'"},
	};
	char buf[700];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_str_eq(load_error(cases[i].scenario, cases[i].set,
		                            buf, sizeof buf),
		                 cases[i].msg);
}
END_TEST

START_TEST(set_inline_policy)
{
	tt_scenario s;
	const char *short_form[] = {"policies[0].TargetValue=500", NULL};
	load_ok("inline.yaml", short_form, &s);
	ck_assert_double_eq(s.policies[0].target_value, 500);
	tt_scenario_release(&s);

	const char *long_form[] = {
	        "policies[0].TargetTrackingScalingPolicyConfiguration."
	        "TargetValue=450",
	        "policies[0].ScaleInCooldown=120", NULL};
	load_ok("inline.yaml", long_form, &s);
	ck_assert_double_eq(s.policies[0].target_value, 450);
	ck_assert_int_eq(s.policies[0].scale_in_cooldown_us, 120 * TT_US_PER_S);
	tt_scenario_release(&s);

	const char *rename[] = {"policies[0].name=renamed", NULL};
	load_ok("inline.yaml", rename, &s);
	ck_assert_str_eq(s.policies[0].name, "renamed");
	tt_scenario_release(&s);
}
END_TEST

START_TEST(set_file_policy)
{
	tt_scenario s;
	const char *sets[] = {
	        "policies[0].TargetValue=55", "policies[1].TargetValue=44",
	        "policies[1].TargetTrackingScalingPolicyConfiguration."
	        "ScaleOutCooldown=30",
	        NULL};
	load_ok("file.yaml", sets, &s);
	ck_assert_uint_eq(s.n_policies, 2);
	ck_assert_double_eq(s.policies[0].target_value, 55);
	ck_assert_double_eq(s.policies[1].target_value, 44);
	ck_assert_int_eq(s.policies[1].scale_out_cooldown_us, 30 * TT_US_PER_S);
	ck_assert_int_eq(s.policies[1].scale_in_cooldown_us, 600 * TT_US_PER_S);
	tt_scenario_release(&s);

	/* the file itself is untouched: a plain load reads 70 again */
	const char *none[] = {NULL};
	load_ok("file.yaml", none, &s);
	ck_assert_double_eq(s.policies[0].target_value, 70);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(set_nested_and_new_keys)
{
	tt_scenario s;
	const char *sets[] = {
	        "instance.provisioning={dist: uniform, min: 4m, max: 7m}",
	        "aws.zero_traffic=missing",
	        "aws.alarm_low.periods=20",
	        "capacity.max=30",
	        "workload.synthetic.rate=600",
	        "simulation.duration=2h",
	        NULL};
	load_ok("inline.yaml", sets, &s);
	ck_assert_int_eq(s.provisioning.kind, TT_DRAWN_UNIFORM);
	ck_assert_int_eq(s.provisioning.min_us, 4 * TT_US_PER_MIN);
	ck_assert_int_eq(s.provisioning.max_us, 7 * TT_US_PER_MIN);
	ck_assert_int_eq(s.aws.zero_traffic, TT_ZERO_TRAFFIC_MISSING);
	ck_assert_int_eq(s.aws.alarm_low.periods, 20);
	ck_assert_int_eq(s.max_capacity, 30);
	ck_assert_int_eq(s.duration_us, 2 * 60 * TT_US_PER_MIN);
	tt_scenario_release(&s);
}
END_TEST

START_TEST(set_workload_scale)
{
	tt_scenario s;
	const char *sets[] = {"workload.scale=2", "workload.scale=1.5", NULL};
	load_ok("inline.yaml", sets, &s);
	ck_assert_uint_eq(s.workload.n_transforms, 2);
	ck_assert_int_eq(s.workload.transforms[0].kind, TT_TRANSFORM_SCALE);
	ck_assert_double_eq(s.workload.transforms[0].factor, 2);
	ck_assert_double_eq(s.workload.transforms[1].factor, 1.5);
	tt_scenario_release(&s);
}
END_TEST

/* ---- sweeps ---- */

/* Run a sweep on a data scenario and return its CSV (malloc'd). */
static char *sweep_csv(const char *name, const char *const *specs,
                       unsigned jobs, char *const *pareto, size_t n_pareto)
{
	char path[512], buf[700];
	tt_sweep_grid g;
	tt_sweep_table t;
	tt_sweep_options o = {0};
	tt_diag d;
	char *text = NULL;
	size_t len = 0;

	grid_of(&g, specs);
	o.jobs = jobs;
	tt_code rc =
	        tt_sweep_run(data(path, sizeof path, name), &g, &o, &t, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	FILE *f = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(tt_sweep_write_csv(f, &t, pareto, n_pareto, &d),
	                 TT_OK);
	fclose(f);
	tt_sweep_table_release(&t);
	tt_sweep_grid_release(&g);
	return text;
}

static const char *const small_grid[] = {"policies[0].TargetValue=50:80:10",
                                         "capacity.max=5,10",
                                         "instance.provisioning=2m,5m", NULL};

START_TEST(sweep_jobs_identical)
{
	char *one = sweep_csv("inline.yaml", small_grid, 1, NULL, 0);
	char *two = sweep_csv("inline.yaml", small_grid, 2, NULL, 0);
	char *many = sweep_csv("inline.yaml", small_grid, 5, NULL, 0);
	ck_assert_str_eq(one, two);
	ck_assert_str_eq(one, many);
	/* header, then 16 rows in grid order */
	ck_assert(!strncmp(one,
	                   "policies[0].TargetValue,capacity.max,instance."
	                   "provisioning,simulated_s,",
	                   strlen("policies[0].TargetValue,capacity.max,"
	                          "instance.provisioning,simulated_s,")));
	size_t lines = 0;
	for (const char *p = one; *p; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, 17);
	ck_assert_ptr_nonnull(strstr(one, "\n50,5,2m,"));
	ck_assert(strstr(one, "\n50,5,5m,") < strstr(one, "\n50,10,2m,"));
	ck_assert_ptr_nonnull(strstr(one, "\n80,10,5m,"));
	free(one);
	free(two);
	free(many);
}
END_TEST

START_TEST(sweep_failure_named)
{
	const char *specs[] = {"capacity.max=5,abc,10,xyz", NULL};
	char path[512], buf[700], first[700];
	for (unsigned jobs = 1; jobs <= 3; jobs++) {
		tt_sweep_grid g;
		tt_sweep_table t;
		tt_sweep_options o = {0};
		tt_diag d;
		grid_of(&g, specs);
		o.jobs = jobs;
		ck_assert_int_eq(
		        tt_sweep_run(data(path, sizeof path, "inline.yaml"), &g,
		                     &o, &t, &d),
		        TT_EINVAL);
		ck_assert_uint_eq(t.n_rows, 0);
		tu_diag_str(&d, buf, sizeof buf);
		ck_assert_str_eq(buf, "--set 'capacity.max=abc':1:14: error: "
		                      "expected an integer for 'max', got "
		                      "'abc' (combination 2 of 4: "
		                      "capacity.max=abc)");
		if (jobs == 1)
			snprintf(first, sizeof first, "%s", buf);
		ck_assert_str_eq(buf, first);
		tt_sweep_grid_release(&g);
	}
}
END_TEST

/* An evaluation in place of a run: the loaded scenario's capacity.max
 * and TargetValue as figures, or an error for a max of 7. */
static tt_code eval_fields(void *ctx, const tt_scenario *s, tt_figure *figs,
                           size_t *n, tt_diag *d)
{
	(void)ctx;
	if (s->max_capacity == 7)
		return tt_diag_set(d, TT_EINVAL, (tt_loc){0}, "seven refused");
	figs[0] = (tt_figure){"max", s->max_capacity};
	figs[1] = (tt_figure){"target", s->policies[0].target_value};
	*n = 2;
	return TT_OK;
}

START_TEST(sweep_evaluate)
{
	const char *specs[] = {"capacity.max=5,10", NULL};
	char path[512], buf[700];
	for (unsigned jobs = 1; jobs <= 2; jobs++) {
		tt_sweep_grid g = {.option = "--fit"};
		tt_sweep_table t;
		tt_sweep_options o = {.jobs = jobs, .evaluate = eval_fields};
		tt_diag d;
		for (size_t i = 0; specs[i]; i++)
			ck_assert_int_eq(tt_sweep_grid_add(&g, specs[i], &d),
			                 TT_OK);
		tt_code rc = tt_sweep_run(
		        data(path, sizeof path, "inline.yaml"), &g, &o, &t, &d);
		ck_assert_msg(rc == TT_OK, "%s",
		              tu_diag_str(&d, buf, sizeof buf));
		ck_assert_uint_eq(t.n_rows, 2);
		ck_assert_uint_eq(t.rows[1].n_figures, 2);
		ck_assert_str_eq(t.rows[1].names[0], "max");
		ck_assert_double_eq(t.rows[0].figures[0], 5);
		ck_assert_double_eq(t.rows[1].figures[0], 10);
		tt_sweep_table_release(&t);
		/* the grid's option names its values in messages */
		ck_assert_int_eq(tt_sweep_grid_add(&g, "capacity.min=x", &d),
		                 TT_OK);
		ck_assert_int_eq(
		        tt_sweep_run(data(path, sizeof path, "inline.yaml"), &g,
		                     &o, &t, &d),
		        TT_EINVAL);
		tu_diag_str(&d, buf, sizeof buf);
		ck_assert_msg(!strncmp(buf, "--fit 'capacity.min=x':1:", 25),
		              "%s", buf);
		ck_assert_int_eq(tt_sweep_grid_add(&g, "capacity.min=1,2", &d),
		                 TT_EINVAL);
		tu_diag_str(&d, buf, sizeof buf);
		ck_assert_str_eq(buf, "--fit 'capacity.min=1,2': error: "
		                      "'capacity.min' is given twice (give all "
		                      "its values in one --fit)");
		tt_sweep_grid_release(&g);
	}
	/* the evaluation's own error, named like a run's */
	tt_sweep_grid g = {0};
	tt_sweep_table t;
	tt_sweep_options o = {.evaluate = eval_fields};
	tt_diag d;
	ck_assert_int_eq(tt_sweep_grid_add(&g, "capacity.max=5,7", &d), TT_OK);
	ck_assert_int_eq(tt_sweep_run(data(path, sizeof path, "inline.yaml"),
	                              &g, &o, &t, &d),
	                 TT_EINVAL);
	tu_diag_str(&d, buf, sizeof buf);
	ck_assert_str_eq(buf, "error: seven refused (combination 2 of 2: "
	                      "capacity.max=7)");
	tt_sweep_grid_release(&g);
}
END_TEST

/* Write one shard of the small grid to dir/shardI.csv. */
static void write_shard(const char *dir, const char *name, size_t shard,
                        size_t shards, const char *const *specs,
                        const char *pareto, char *out, size_t size)
{
	char path[512], buf[700];
	tt_sweep_grid g;
	tt_sweep_table t;
	tt_sweep_options o = {0};
	tt_sweep_shard_info info = {0};
	tt_diag d;

	grid_of(&g, specs);
	o.jobs = 2;
	o.shard = shard;
	o.shards = shards;
	data(path, sizeof path, name);
	ck_assert_int_eq(tt_sweep_run(path, &g, &o, &t, &d), TT_OK);
	info.shard = shard;
	info.shards = shards;
	info.total = t.total;
	snprintf(info.pareto, sizeof info.pareto, "%s", pareto);
	ck_assert_int_eq(tt_sweep_fingerprint(path, &g, pareto, &info.grid, &d),
	                 TT_OK);
	snprintf(out, size, "%s/%s-%zu-%zu.csv", dir, name, shard + 1, shards);
	FILE *f = fopen(out, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_msg(tt_sweep_write_shard(f, &t, &info, &d) == TT_OK, "%s",
	              tu_diag_str(&d, buf, sizeof buf));
	fclose(f);
	tt_sweep_table_release(&t);
	tt_sweep_grid_release(&g);
}

static char *merged_csv(const char *const *paths, size_t n)
{
	tt_sweep_table t;
	tt_sweep_shard_info info;
	tt_diag d;
	char buf[700], *text = NULL, **pareto = NULL;
	size_t len = 0, n_pareto = 0;
	tt_code rc = tt_sweep_merge(paths, n, &t, &info, &d);
	ck_assert_msg(rc == TT_OK, "%s", tu_diag_str(&d, buf, sizeof buf));
	if (info.pareto[0])
		ck_assert_int_eq(tt_sweep_parse_pareto(info.pareto, &pareto,
		                                       &n_pareto, &d),
		                 TT_OK);
	FILE *f = open_memstream(&text, &len);
	ck_assert_int_eq(tt_sweep_write_csv(f, &t, pareto, n_pareto, &d),
	                 TT_OK);
	fclose(f);
	tt_sweep_names_free(pareto, n_pareto);
	tt_sweep_table_release(&t);
	return text;
}

static const char *merge_error(const char *const *paths, size_t n, char *buf,
                               size_t size)
{
	tt_sweep_table t;
	tt_sweep_shard_info info;
	tt_diag d;
	ck_assert_int_eq(tt_sweep_merge(paths, n, &t, &info, &d), TT_EINVAL);
	ck_assert_uint_eq(t.n_rows, 0);
	return tu_diag_str(&d, buf, size);
}

START_TEST(shards_merge_equal)
{
	char dir[] = "/tmp/ttsim-sweep-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *pareto[] = {"cost", "minutes_over_target"};
	char *whole = sweep_csv("inline.yaml", small_grid, 1, pareto, 2);
	ck_assert_ptr_nonnull(strstr(whole, ",pareto\n"));

	for (size_t shards = 1; shards <= 5; shards += 2) {
		char paths[5][600];
		const char *order[5];
		for (size_t i = 0; i < shards; i++) {
			write_shard(dir, "inline.yaml", i, shards, small_grid,
			            "cost,minutes_over_target", paths[i],
			            sizeof paths[i]);
			order[shards - 1 - i] = paths[i]; /* any order */
		}
		char *merged = merged_csv(order, shards);
		ck_assert_str_eq(merged, whole);
		free(merged);
	}

	/* refusals: missing, twice, another grid */
	char p[3][600], other[600], buf[1200], want[1200];
	for (size_t i = 0; i < 3; i++)
		write_shard(dir, "inline.yaml", i, 3, small_grid,
		            "cost,minutes_over_target", p[i], sizeof p[i]);
	const char *missing[] = {p[0], p[2]};
	ck_assert_str_eq(merge_error(missing, 2, buf, sizeof buf),
	                 "error: 5 of 16 combinations are missing (shard 2/3 "
	                 "was not given)");
	const char *twice[] = {p[0], p[1], p[1], p[2]};
	snprintf(want, sizeof want, "%s:1: error: shard 2/3 is given twice",
	         p[1]);
	ck_assert_str_eq(merge_error(twice, 4, buf, sizeof buf), want);
	const char *other_grid[] = {"policies[0].TargetValue=50:80:10",
	                            "capacity.max=5,11",
	                            "instance.provisioning=2m,5m", NULL};
	write_shard(dir, "inline.yaml", 1, 3, other_grid,
	            "cost,minutes_over_target", other, sizeof other);
	const char *foreign[] = {p[0], other, p[2]};
	merge_error(foreign, 3, buf, sizeof buf);
	snprintf(want, sizeof want, "%s:1: error: shard of a different sweep",
	         other);
	ck_assert_msg(!strncmp(buf, want, strlen(want)), "%s", buf);
	/* another --pareto is another sweep too */
	write_shard(dir, "inline.yaml", 1, 3, small_grid, "cost", other,
	            sizeof other);
	merge_error(foreign, 3, buf, sizeof buf);
	ck_assert_msg(!strncmp(buf, want, strlen(want)), "%s", buf);
	free(whole);

	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* A journal that takes `left` rows, then fails like a killed process. */
typedef struct journal_sink {
	FILE *f;
	const char *name;
	int left;
	const tt_sweep_shard_info *info;
} journal_sink;

static tt_code journal_sink_row(void *ctx, const tt_sweep_row *row,
                                size_t n_keys, tt_diag *d)
{
	journal_sink *j = ctx;
	ck_assert_uint_eq(n_keys, j->info->keys);
	if (j->left-- <= 0)
		return tt_diag_set(d, TT_EIO, (tt_loc){0}, "interrupted");
	return tt_sweep_journal_add(j->f, j->name, j->info, row, d);
}

START_TEST(journal_resume_equal)
{
	char dir[] = "/tmp/ttsim-journal-XXXXXX", path[512], jpath[600];
	char buf[1200];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(jpath, sizeof jpath, "%s/out.csv.partial", dir);
	data(path, sizeof path, "inline.yaml");
	char *whole = sweep_csv("inline.yaml", small_grid, 1, NULL, 0);

	for (unsigned jobs = 1; jobs <= 3; jobs += 2) {
		tt_sweep_grid g;
		tt_sweep_table t, kept;
		tt_sweep_options o = {0};
		tt_sweep_shard_info info = {0};
		tt_diag d;
		grid_of(&g, small_grid);
		info.shards = 1;
		info.total = tt_sweep_grid_count(&g);
		info.keys = g.n_axes;
		ck_assert_int_eq(
		        tt_sweep_fingerprint(path, &g, "", &info.grid, &d),
		        TT_OK);

		/* the first run stops after 5 rows, journaled */
		journal_sink j = {fopen(jpath, "w"), jpath, 5, &info};
		ck_assert_ptr_nonnull(j.f);
		ck_assert_int_eq(tt_sweep_journal_begin(j.f, jpath, &info, &d),
		                 TT_OK);
		o.jobs = jobs;
		o.on_row = journal_sink_row;
		o.row_ctx = &j;
		ck_assert_int_eq(tt_sweep_run(path, &g, &o, &t, &d), TT_EIO);
		fputs("7,60,5", j.f); /* a torn last line */
		fclose(j.f);

		/* the second takes them back and runs the other 11 */
		ck_assert_int_eq(tt_sweep_journal_read(jpath, &info, &kept, &d),
		                 TT_OK);
		ck_assert_uint_eq(kept.n_rows, 5);
		memset(&o, 0, sizeof o);
		o.jobs = jobs;
		o.resume = &kept;
		ck_assert_msg(tt_sweep_run(path, &g, &o, &t, &d) == TT_OK, "%s",
		              tu_diag_str(&d, buf, sizeof buf));
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		ck_assert_int_eq(tt_sweep_write_csv(f, &t, NULL, 0, &d), TT_OK);
		fclose(f);
		ck_assert_str_eq(text, whole);
		free(text);
		tt_sweep_table_release(&t);

		/* another shard's (or grid's) journal is refused */
		info.shards = 2;
		ck_assert_int_eq(tt_sweep_journal_read(jpath, &info, &t, &d),
		                 TT_EINVAL);
		ck_assert_uint_eq(t.n_rows, 0);
		tu_diag_str(&d, buf, sizeof buf);
		ck_assert_msg(strstr(buf, ":1: error: journal of a different "
		                          "sweep (grid ") &&
		                      strstr(buf, ", shard 1/1; this one is "),
		              "%s", buf);
		/* a resumed row the grid does not have is refused */
		free(kept.rows[0].values[1]);
		kept.rows[0].values[1] = strdup("99");
		memset(&o, 0, sizeof o);
		o.resume = &kept;
		ck_assert_int_eq(tt_sweep_run(path, &g, &o, &t, &d), TT_EINVAL);
		ck_assert_ptr_nonnull(
		        strstr(d.msg, "is not one of this sweep's"));
		tt_sweep_table_release(&kept);
		tt_sweep_grid_release(&g);
	}
	free(whole);
	unlink(jpath);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* ---- journal checksums, and no inf or nan in any output ---- */

/* The journal line checksum as docs/cli.md defines it, computed here
 * independently: FNV-1a 64 over the grid as 16 hex digits, then each
 * field followed by a zero byte. */
static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void journal_line(char *out, size_t size, const char *grid_hex,
                         const char *const *fields, size_t n)
{
	uint64_t h = fnv1a(0xcbf29ce484222325ULL, grid_hex, 16);
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		h = fnv1a(h, fields[i], strlen(fields[i]) + 1);
		used += (size_t)snprintf(out + used, size - used, "%s,",
		                         fields[i]);
	}
	snprintf(out + used, size - used, "%016llx\n", (unsigned long long)h);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(journal_rows_are_checksummed)
{
	char dir[] = "/tmp/ttsim-journal-XXXXXX", path[600], buf[1200];
	char want[1400], line[512], text[1400];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/out.csv.partial", dir);
	tt_sweep_shard_info info = {.grid = 0x0123456789abcdefULL,
	                            .shards = 1,
	                            .total = 16,
	                            .keys = 2};
	char *values[] = {"50", "a,\"b\""};
	char *names[] = {"cost", "minutes_over_target"};
	double figures[] = {12.5, 3};
	tt_sweep_row row = {2, values, names, figures, 2};
	tt_diag d;

	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(tt_sweep_journal_begin(f, path, &info, &d), TT_OK);
	ck_assert_int_eq(tt_sweep_journal_add(f, path, &info, &row, &d), TT_OK);
	fclose(f);
	const char *head = "# ttsim sweep journal 1/1 grid=0123456789abcdef "
	                   "combinations=16 keys=2\n";
	const char *fields[] = {"3",    "50",   "a,\"b\"",
	                        "cost", "12.5", "minutes_over_target",
	                        "3"};
	journal_line(line, sizeof line, "0123456789abcdef", fields, 7);
	/* the value with a comma and quotes is CSV-quoted in the file and
	 * hashed as it reads back */
	char *quoted = strstr(line, "a,\"b\"");
	ck_assert_ptr_nonnull(quoted);
	snprintf(want, sizeof want, "%s%.*s\"a,\"\"b\"\"\"%s", head,
	         (int)(quoted - line), line, quoted + strlen("a,\"b\""));
	FILE *r = fopen(path, "r");
	size_t n = fread(text, 1, sizeof text - 1, r);
	text[n] = '\0';
	fclose(r);
	ck_assert_str_eq(text, want);

	tt_sweep_table t;
	ck_assert_int_eq(tt_sweep_journal_read(path, &info, &t, &d), TT_OK);
	ck_assert_uint_eq(t.n_rows, 1);
	ck_assert_uint_eq(t.rows[0].index, 2);
	ck_assert_str_eq(t.rows[0].values[1], "a,\"b\"");
	ck_assert(t.rows[0].figures[0] == 12.5);
	tt_sweep_table_release(&t);

	/* a figure edited by hand: refused at its line, column 1 */
	char *at = strstr(want, ",12.5,");
	ck_assert_ptr_nonnull(at);
	at[4] = '9';
	write_text(path, want);
	ck_assert_int_eq(tt_sweep_journal_read(path, &info, &t, &d), TT_EINVAL);
	ck_assert_uint_eq(t.n_rows, 0);
	snprintf(buf, sizeof buf,
	         "%s:2:1: error: journal line does not match its checksum "
	         "(changed after ttsim wrote it): delete the line to run its "
	         "combination again",
	         path);
	ck_assert_str_eq(tu_diag_str(&d, text, sizeof text), buf);

	/* a row copied from the journal of another grid does not match */
	char other[1400];
	journal_line(line, sizeof line, "fedcba9876543210", fields, 7);
	snprintf(other, sizeof other, "%s%s", head, line);
	write_text(path, other);
	ck_assert_int_eq(tt_sweep_journal_read(path, &info, &t, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, text, sizeof text), buf);

	/* without its checksum, a row is refused the same way */
	snprintf(other, sizeof other, "%s3,50,x,cost,12.5\n", head);
	write_text(path, other);
	ck_assert_int_eq(tt_sweep_journal_read(path, &info, &t, &d), TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, text, sizeof text), buf);

	/* a matching sum over a figure that is not a number: refused too */
	const char *nan_fields[] = {"3", "50", "x", "cost", "nan"};
	journal_line(line, sizeof line, "0123456789abcdef", nan_fields, 5);
	snprintf(other, sizeof other, "%s%s", head, line);
	write_text(path, other);
	ck_assert_int_eq(tt_sweep_journal_read(path, &info, &t, &d), TT_EINVAL);
	snprintf(buf, sizeof buf, "%s:2: error: invalid figure 'cost' = 'nan'",
	         path);
	ck_assert_str_eq(tu_diag_str(&d, text, sizeof text), buf);

	unlink(path);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* Every writer of a sweep refuses a figure that is not finite. */
START_TEST(sweep_outputs_refuse_non_finite)
{
	char *keys[] = {"capacity.max"};
	char *values[] = {"5"};
	char *names[] = {"invocations", "cost"};
	double figures[] = {100, INFINITY};
	tt_sweep_row row = {0, values, names, figures, 2};
	tt_sweep_table t = {keys, 1, 1, &row, 1};
	tt_sweep_shard_info info = {
	        .grid = 1, .shards = 1, .total = 1, .keys = 1};
	char *text = NULL, buf[1200];
	size_t n = 0;
	tt_diag d;
	const char *tail = " is inf: outputs hold finite numbers only "
	                   "(internal error)";

	FILE *f = open_memstream(&text, &n);
	ck_assert_int_eq(tt_sweep_write_csv(f, &t, NULL, 0, &d), TT_EINTERNAL);
	fclose(f);
	free(text);
	tu_diag_str(&d, buf, sizeof buf);
	ck_assert_str_eq(buf, "error: 'cost' in the sweep results is inf: "
	                      "outputs hold finite numbers only (internal "
	                      "error)");

	f = open_memstream(&text, &n);
	ck_assert_int_eq(tt_sweep_write_shard(f, &t, &info, &d), TT_EINTERNAL);
	fclose(f);
	free(text);
	ck_assert_ptr_nonnull(strstr(d.msg, "'cost' in the shard file"));
	ck_assert_ptr_nonnull(strstr(d.msg, tail));

	/* the journal writes nothing of such a row */
	figures[1] = NAN;
	f = open_memstream(&text, &n);
	ck_assert_int_eq(tt_sweep_journal_add(f, "j.partial", &info, &row, &d),
	                 TT_EINTERNAL);
	fclose(f);
	ck_assert_uint_eq(n, 0);
	free(text);
	ck_assert_str_eq(d.msg, "'cost' in j.partial is nan: outputs hold "
	                        "finite numbers only (internal error)");
}
END_TEST

/* merge reads numbers, never inf or nan, from a shard. */
START_TEST(merge_refuses_non_finite_cells)
{
	char dir[] = "/tmp/ttsim-merge-XXXXXX", path[600], buf[1200],
	     want[1200];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/s.csv", dir);
	const char *bad[] = {"inf", "-inf", "nan", "1e999"};
	for (size_t i = 0; i < 4; i++) {
		char text[400];
		snprintf(text, sizeof text,
		         "# ttsim sweep shard 1/1 grid=0123456789abcdef "
		         "combinations=1 keys=1 pareto=\n"
		         "combination,capacity.max,invocations,cost\n"
		         "1,5,100,%s\n",
		         bad[i]);
		write_text(path, text);
		const char *paths[] = {path};
		ck_assert_str_eq(
		        merge_error(paths, 1, buf, sizeof buf),
		        (snprintf(want, sizeof want,
		                  "%s:3: error: invalid number '%s' for "
		                  "'cost'",
		                  path, bad[i]),
		         want));
	}
	unlink(path);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(pareto_front)
{
	/* cost, p99: rows 0, 1, 3 trade off; 2 is beaten by 1; 4 equals 3 */
	static const double v[] = {1, 9, 2, 5, 3, 6, 4, 1, 4, 1, 5, 5};
	static const unsigned char want[] = {1, 1, 0, 1, 1, 0};
	unsigned char front[6];
	tt_sweep_pareto(v, 6, 2, front);
	for (size_t i = 0; i < 6; i++)
		ck_assert_msg(front[i] == want[i], "row %zu: %d", i, front[i]);

	/* one objective: the minima */
	static const double w[] = {3, 1, 2, 1};
	tt_sweep_pareto(w, 4, 1, front);
	ck_assert(front[0] == 0 && front[1] == 1 && front[2] == 0 &&
	          front[3] == 1);

	char **names;
	size_t n;
	tt_diag d;
	char buf[700];
	ck_assert_int_eq(
	        tt_sweep_parse_pareto("cost,max_instances", &names, &n, &d),
	        TT_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(names[1], "max_instances");
	tt_sweep_names_free(names, n);
	ck_assert_int_eq(tt_sweep_parse_pareto("cost,speed", &names, &n, &d),
	                 TT_EINVAL);
	ck_assert_str_eq(tu_diag_str(&d, buf, sizeof buf),
	                 "--pareto: error: unknown figure 'speed' "
	                 "(docs/outputs.md lists them: cost, max_instances, "
	                 "p99_latency_ms, ...)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sweep");
	const tu_case cases[] = {
	        {"grid_lists", grid_lists},
	        {"grid_ranges", grid_ranges},
	        {"grid_errors", grid_errors},
	        {"grid_order", grid_order},
	        {"set_type_errors", set_type_errors},
	        {"set_path_errors", set_path_errors},
	        {"set_inline_policy", set_inline_policy},
	        {"set_file_policy", set_file_policy},
	        {"set_nested_and_new_keys", set_nested_and_new_keys},
	        {"set_workload_scale", set_workload_scale},
	        {"sweep_jobs_identical", sweep_jobs_identical},
	        {"sweep_failure_named", sweep_failure_named},
	        {"sweep_evaluate", sweep_evaluate},
	        {"shards_merge_equal", shards_merge_equal},
	        {"journal_resume_equal", journal_resume_equal},
	        {"journal_rows_are_checksummed", journal_rows_are_checksummed},
	        {"sweep_outputs_refuse_non_finite",
	         sweep_outputs_refuse_non_finite},
	        {"merge_refuses_non_finite_cells",
	         merge_refuses_non_finite_cells},
	        {"pareto_front", pareto_front},
	};
	TU_ADD_CASES(s, cases);
	return tu_run_suite(s);
}
