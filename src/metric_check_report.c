/*
 * metric_check_report.c - a metric-check result as text for a person or
 * as JSON for a program.
 *
 * metric_check.c measures and judges; this file only writes what it
 * found, to a FILE the caller owns, so that `ttsim metric-check` and any
 * program embedding the library print the same bytes.  The text is a
 * table per policy (the metric at each probed capacity and load level,
 * with the alarm it would set off), the slopes, the predicted and
 * simulated steady states and the verdict with its reasons; the JSON
 * holds all of it (docs/metric-check.md shows both).  A scenario with
 * step scaling adds a table per user alarm (its metric, whether it is in
 * ALARM and what its policies' steps would do) and the steps' verdict;
 * without alarms, not a byte changes.
 *
 * Text from the scenario (its name, the policies' names and metrics, the
 * reasons quoting them) is escaped for a terminal with tt_diag_escape, so
 * a control character in an input cannot rewrite the screen; in JSON it
 * goes through tt_fmt_json_string.  Numbers in JSON go through
 * tt_fmt_double, a figure that is not finite written as null.
 */
#include "ttsim/metric_check.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarm_def.h"
#include "step.h"
#include "ttsim/fmt.h"

/* ---- text ---- */

static void put_escaped(FILE *f, tt_code *rc, tt_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 4, 5)))
#endif
        ;

/*
 * printf escaped for a terminal (tt_diag_vfprintf).  Out of memory sets
 * *rc (the first failure is kept in `d`) and writes nothing.
 */
static void put_escaped(FILE *f, tt_code *rc, tt_diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tt_code r = tt_diag_vfprintf(f, fmt, ap);
	va_end(ap);
	if (r && !*rc)
		*rc = tt_diag_nomem(d, (tt_loc){0});
}

/*
 * A metric for a person: four significant digits, whole from 1000 to
 * 1e15.  Past that the digits would be noise (a metric may reach 1e118)
 * and a column's buffer would cut them: four significant digits again,
 * with an exponent.
 */
static const char *num(double v, char *buf, size_t size)
{
	if (fabs(v) >= 1000 && fabs(v) < 1e15)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.4g", v);
	return buf;
}

static const char *metric_label(const tt_policy *p, char *buf, size_t size)
{
	if (p->metric.kind == TT_METRIC_CUSTOM)
		snprintf(buf, size, "%s (%s)", p->metric.metric_name,
		         tt_statistic_name(p->metric.statistic));
	else
		snprintf(buf, size, "%s",
		         tt_predefined_get(p->metric.predefined)->name);
	return buf;
}

/* "18", or "5 -> 20 -> 11 -> 7 (cycle)". */
static const char *steady_text(const tt_mc_level *l, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < l->cycle_len && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%d",
		                      i ? " -> " : "", l->cycle[i]);
	if (l->cycle_len > 1 && n < size)
		snprintf(buf + n, size - n, " (cycle)");
	return buf;
}

static const char *run_text(const tt_mc_level *l, char *buf, size_t size)
{
	const char *how = l->agrees              ? "agrees"
	                  : l->run_distance == 1 ? "within 1"
	                                         : "differs";
	if (!l->has_run)
		snprintf(buf, size, "-");
	else if (l->run_lo == l->run_hi)
		snprintf(buf, size, "%d (%s)", l->run_final, how);
	else
		snprintf(buf, size, "%d..%d (%s)", l->run_lo, l->run_hi, how);
	return buf;
}

/* "  verdict: invalid" and one line per finding. */
static void text_findings(FILE *f, unsigned findings,
                          const char (*reason)[TT_MC_REASON_MAX], tt_code *rc,
                          tt_diag *d)
{
	fputs("  verdict: invalid\n", f);
	for (int k = 0; k < TT_MC_FINDING_COUNT; k++)
		if (findings & (1u << k))
			put_escaped(f, rc, d, "    - %s: %s\n",
			            tt_mc_finding_title((tt_mc_finding)k),
			            reason[k]);
}

static void text_policy(FILE *f, const tt_mc_result *r, const tt_mc_policy *mp,
                        tt_code *rc, tt_diag *d)
{
	const tt_policy *p = mp->policy;
	char buf[512], a[64], b[80];
	fputc('\n', f);
	put_escaped(f, rc, d, "policy '%s': %s, target %s, AlarmLow below %s\n",
	            p->name, metric_label(p, buf, sizeof buf),
	            num(p->target_value, a, sizeof a),
	            num(tt_scale_in_threshold(p->target_value, r->low_ratio), b,
	                sizeof b));

	/* Header: one metric and alarm column pair per load level. */
	fprintf(f, "\n  %-10s", "load/min");
	for (size_t l = 0; l < r->n_levels; l++)
		fprintf(f, "  %13s",
		        num(mp->levels[l].rate_per_min, a, sizeof a));
	fprintf(f, "\n  %-10s", "capacity");
	for (size_t l = 0; l < r->n_levels; l++)
		fprintf(f, "  %8s %4s", "metric", "alarm");
	fputc('\n', f);
	for (size_t k = 0; k < r->n_capacities; k++) {
		fprintf(f, "  %-10d", r->capacities[k]);
		for (size_t l = 0; l < r->n_levels; l++) {
			const tt_mc_point *pt = &mp->levels[l].points[k];
			if (!pt->has_metric) {
				fprintf(f, "  %8s %4s", "-", "-");
				continue;
			}
			snprintf(b, sizeof b, "%s%s",
			         num(pt->metric, a, sizeof a),
			         pt->capped ? "*" : "");
			fprintf(f, "  %8s %4s", b, tt_mc_alarm_name(pt->alarm));
		}
		fputc('\n', f);
	}
	fprintf(f, "  %-10s", "slope");
	for (size_t l = 0; l < r->n_levels; l++) {
		const tt_mc_level *lv = &mp->levels[l];
		if (lv->has_slope)
			snprintf(a, sizeof a, "%+.2f", lv->slope);
		else
			snprintf(a, sizeof a, "-");
		fprintf(f, "  %13s", a);
	}
	fputc('\n', f);
	if (mp->has_cap)
		fprintf(f, "  (* on the cap, %s: left out of the slope)\n",
		        num(mp->cap, a, sizeof a));

	fprintf(f, "\n  %-10s  %-30s  %s\n", "load/min",
	        "predicted steady state", "simulated (last third of the run)");
	for (size_t l = 0; l < r->n_levels; l++) {
		const tt_mc_level *lv = &mp->levels[l];
		char st[TT_MC_CYCLE_MAX * 12 + 16], rt[64];
		fprintf(f, "  %-10s  %-30s  %s\n",
		        num(lv->rate_per_min, a, sizeof a),
		        steady_text(lv, st, sizeof st),
		        run_text(lv, rt, sizeof rt));
	}

	fputs("\n  slope ", f);
	if (mp->has_slope)
		fprintf(f, "%+.2f", mp->slope);
	else
		fputs("unknown (fewer than two usable capacities)", f);
	fprintf(f, " (a utilization has -1; valid in [%.1f, %.1f])\n",
	        TT_MC_SLOPE_VALID_LO, TT_MC_SLOPE_VALID_HI);
	if (!mp->findings) {
		fputs("  verdict: valid\n", f);
		return;
	}
	text_findings(f, mp->findings, mp->reason, rc, d);
}

/* A step cell: "-" out of ALARM; in it, per policy "->N" (the new
 * capacity), "=" (its step asks for nothing) or "none" (no step holds
 * V - threshold). */
static const char *step_cell(const tt_mc_alarm_point *pt, size_t n, char *buf,
                             size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	if (!pt->in_alarm || !pt->moves)
		return "-";
	for (size_t j = 0; j < n && len < size; j++) {
		const tt_mc_step_move *m = &pt->moves[j];
		const char *sep = j ? "," : "";
		if (!m->has_step)
			len += (size_t)snprintf(buf + len, size - len, "%snone",
			                        sep);
		else if (m->direction == TT_DIR_NONE)
			len += (size_t)snprintf(buf + len, size - len,
			                        "%s=", sep);
		else
			len += (size_t)snprintf(buf + len, size - len, "%s->%d",
			                        sep, m->to);
	}
	return buf;
}

static const char *direction_text(tt_direction d)
{
	return d == TT_DIR_OUT  ? "scale-out"
	       : d == TT_DIR_IN ? "scale-in"
	                        : "both or neither";
}

static void text_alarm(FILE *f, const tt_scenario *s, const tt_mc_result *r,
                       const tt_mc_user_alarm *ma, tt_code *rc, tt_diag *d)
{
	const tt_user_alarm *ua = &s->alarms[ma->alarm];
	const tt_alarm_def *def = ua->def;
	char a[64], b[160];
	fputc('\n', f);
	put_escaped(f, rc, d, "alarm '%s': %s (%s) %s %s, invokes ", def->name,
	            def->metric_name, tt_statistic_name(def->statistic),
	            tt_alarm_op_name(def->op),
	            num(def->threshold, a, sizeof a));
	for (size_t j = 0; j < ua->n_policies; j++)
		put_escaped(f, rc, d, "%s'%s'", j ? ", " : "",
		            s->step_policies[ua->policies[j]].name);
	if (ua->n_policies == 0)
		fputs("nothing", f);
	fprintf(f, " (%s)\n", direction_text(ma->direction));

	fprintf(f, "\n  %-10s", "load/min");
	for (size_t l = 0; l < r->n_levels; l++)
		fprintf(f, "  %15s",
		        num(ma->levels[l].rate_per_min, a, sizeof a));
	fprintf(f, "\n  %-10s", "capacity");
	for (size_t l = 0; l < r->n_levels; l++)
		fprintf(f, "  %8s %6s", "metric", "step");
	fputc('\n', f);
	for (size_t k = 0; k < r->n_capacities; k++) {
		fprintf(f, "  %-10d", r->capacities[k]);
		for (size_t l = 0; l < r->n_levels; l++) {
			const tt_mc_alarm_point *pt = &ma->levels[l].points[k];
			if (!pt->has_metric) {
				fprintf(f, "  %8s %6s", "-", "-");
				continue;
			}
			fprintf(f, "  %8s %6s", num(pt->metric, a, sizeof a),
			        step_cell(pt, ua->n_policies, b, sizeof b));
		}
		fputc('\n', f);
	}
}

/* "4 -> 8 (cycle)" as steady_text writes a level's. */
static const char *cycle_text(const int *cycle, size_t n, char *buf,
                              size_t size)
{
	tt_mc_level l;
	memset(&l, 0, sizeof l);
	memcpy(l.cycle, cycle, n * sizeof *cycle);
	l.cycle_len = n;
	return steady_text(&l, buf, size);
}

static void text_steps(FILE *f, const tt_scenario *s, const tt_mc_result *r,
                       tt_code *rc, tt_diag *d)
{
	char a[64];
	for (size_t i = 0; i < r->n_alarms; i++)
		text_alarm(f, s, r, &r->alarms[i], rc, d);
	fputs("\nstep policies (the alarms' steps alone)\n", f);
	fprintf(f, "\n  %-10s  %-30s  %s\n", "load/min",
	        "predicted steady state", "flip-flop from any capacity");
	for (size_t l = 0; l < r->n_levels; l++) {
		const tt_mc_step_level *sl = &r->step_levels[l];
		char st[TT_MC_CYCLE_MAX * 12 + 16],
		        fl[TT_MC_CYCLE_MAX * 12 + 16];
		fprintf(f, "  %-10s  %-30s  %s\n",
		        num(sl->rate_per_min, a, sizeof a),
		        cycle_text(sl->cycle, sl->cycle_len, st, sizeof st),
		        sl->flip_len > 1 ? cycle_text(sl->flip, sl->flip_len,
		                                      fl, sizeof fl)
		                         : "-");
	}
	fputc('\n', f);
	if (!r->step_findings) {
		fputs("  verdict: valid\n", f);
		return;
	}
	text_findings(f, r->step_findings, r->step_reason, rc, d);
}

tt_code tt_mc_write_text(FILE *f, const tt_scenario *s, const tt_mc_result *r,
                         tt_diag *d)
{
	tt_code rc = TT_OK;
	char a[64], dur[64];
	put_escaped(f, &rc, d, "ttsim metric-check: '%s' in %s mode\n", s->name,
	            r->mode == TT_MODE_REQUEST ? "request" : "fluid");
	if (r->peak_per_min > 0)
		fprintf(f,
		        "  loads      25, 50 and 100 %% of the workload's peak "
		        "of %s/min\n",
		        num(r->peak_per_min, a, sizeof a));
	else
		fputs("  loads      as given with --load\n", f);
	fprintf(f,
	        "  capacities %d to %d (%zu probed, each at a fixed "
	        "capacity); %" PRIu64 " probe runs\n",
	        r->capacities[0], r->capacities[r->n_capacities - 1],
	        r->n_capacities, r->probes);
	fprintf(f, "  steady state from capacity %d; ", r->start_capacity);
	if (r->run_us > 0)
		fprintf(f, "full runs of %s h\n",
		        num((double)r->run_us / 3.6e9, dur, sizeof dur));
	else
		fputs("no full runs\n", f);
	for (size_t i = 0; i < r->n_policies; i++)
		text_policy(f, r, &r->policies[i], &rc, d);
	if (r->n_alarms > 0)
		text_steps(f, s, r, &rc, d);
	return rc;
}

/* ---- JSON ---- */

static void json_number(FILE *f, double v)
{
	char buf[TT_FMT_BUF];
	if (!isfinite(v))
		fputs("null", f);
	else
		fputs(tt_fmt_double(v, buf), f);
}

/* A number, or null when the result has none. */
static void json_maybe(FILE *f, bool has, double v)
{
	if (has)
		json_number(f, v);
	else
		fputs("null", f);
}

static const char *json_bool(bool b)
{
	return b ? "true" : "false";
}

static void json_level(FILE *f, const tt_mc_result *r, const tt_mc_level *lv)
{
	fputs("{\"rate_per_min\": ", f);
	json_number(f, lv->rate_per_min);
	fputs(", \"fraction_of_peak\": ", f);
	json_maybe(f, lv->fraction > 0, lv->fraction);
	fputs(", \"slope\": ", f);
	json_maybe(f, lv->has_slope, lv->slope);
	fputs(", \"steady_state\": [", f);
	for (size_t i = 0; i < lv->cycle_len; i++)
		fprintf(f, "%s%d", i ? ", " : "", lv->cycle[i]);
	fprintf(f, "], \"oscillates\": %s", json_bool(lv->cycle_len > 1));
	if (lv->has_run)
		fprintf(f,
		        ", \"run\": {\"final\": %d, \"low\": %d, \"high\": "
		        "%d, \"distance\": %d, \"agrees\": %s}",
		        lv->run_final, lv->run_lo, lv->run_hi, lv->run_distance,
		        json_bool(lv->agrees));
	else
		fputs(", \"run\": null", f);
	fputs(",\n          \"points\": [", f);
	for (size_t k = 0; k < r->n_capacities; k++) {
		const tt_mc_point *pt = &lv->points[k];
		fprintf(f, "%s{\"capacity\": %d, \"metric\": ", k ? ", " : "",
		        pt->capacity);
		json_maybe(f, pt->has_metric, pt->metric);
		fprintf(f,
		        ", \"capped\": %s, \"alarm\": ", json_bool(pt->capped));
		if (pt->has_metric && pt->alarm != TT_MC_ALARM_NONE)
			tt_fmt_json_string(f, tt_mc_alarm_name(pt->alarm));
		else
			fputs("null", f);
		fputc('}', f);
	}
	fputs("]}", f);
}

/* The findings' objects, each on a line of its own after `indent`. */
static void json_findings(FILE *f, unsigned findings,
                          const char (*reason)[TT_MC_REASON_MAX],
                          const char *indent)
{
	bool first = true;
	for (int k = 0; k < TT_MC_FINDING_COUNT; k++) {
		if (!(findings & (1u << k)))
			continue;
		fprintf(f, "%s\n%s{\"finding\": ", first ? "" : ",", indent);
		tt_fmt_json_string(f, tt_mc_finding_name((tt_mc_finding)k));
		fputs(", \"title\": ", f);
		tt_fmt_json_string(f, tt_mc_finding_title((tt_mc_finding)k));
		fputs(", \"reason\": ", f);
		tt_fmt_json_string(f, reason[k]);
		fputc('}', f);
		first = false;
	}
}

static void json_cycle(FILE *f, const int *cycle, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%d", i ? ", " : "", cycle[i]);
	fputc(']', f);
}

static void json_alarm_point(FILE *f, const tt_scenario *s,
                             const tt_user_alarm *ua,
                             const tt_mc_alarm_point *pt)
{
	fprintf(f, "{\"capacity\": %d, \"metric\": ", pt->capacity);
	json_maybe(f, pt->has_metric, pt->metric);
	fprintf(f, ", \"in_alarm\": %s, \"steps\": [", json_bool(pt->in_alarm));
	for (size_t j = 0; pt->moves && j < ua->n_policies; j++) {
		const tt_mc_step_move *m = &pt->moves[j];
		fputs(j ? ", {\"policy\": " : "{\"policy\": ", f);
		tt_fmt_json_string(f, s->step_policies[ua->policies[j]].name);
		if (m->has_step)
			fprintf(f,
			        ", \"step\": %zu, \"adjustment\": %lld, "
			        "\"direction\": %s%s%s, \"to\": %d}",
			        m->step, (long long)m->adjustment,
			        m->direction == TT_DIR_NONE ? "" : "\"",
			        m->direction == TT_DIR_NONE
			                ? "null"
			                : tt_direction_name(m->direction),
			        m->direction == TT_DIR_NONE ? "" : "\"", m->to);
		else
			fputs(", \"step\": null, \"adjustment\": null, "
			      "\"direction\": null, \"to\": null}",
			      f);
	}
	fputs("]}", f);
}

static void json_alarm(FILE *f, const tt_scenario *s, const tt_mc_result *r,
                       const tt_mc_user_alarm *ma)
{
	const tt_user_alarm *ua = &s->alarms[ma->alarm];
	const tt_alarm_def *def = ua->def;
	fputs("    {\"name\": ", f);
	tt_fmt_json_string(f, def->name);
	fputs(", \"metric\": ", f);
	tt_fmt_json_string(f, def->metric_name);
	fputs(", \"statistic\": ", f);
	tt_fmt_json_string(f, tt_statistic_name(def->statistic));
	fputs(", \"operator\": ", f);
	tt_fmt_json_string(f, tt_alarm_op_name(def->op));
	fputs(", \"threshold\": ", f);
	json_number(f, def->threshold);
	fputs(", \"direction\": ", f);
	if (ma->direction == TT_DIR_NONE)
		fputs("null", f);
	else
		tt_fmt_json_string(f, tt_direction_name(ma->direction));
	fputs(",\n      \"policies\": [", f);
	for (size_t j = 0; j < ua->n_policies; j++) {
		fputs(j ? ", " : "", f);
		tt_fmt_json_string(f, s->step_policies[ua->policies[j]].name);
	}
	fputs("],\n      \"levels\": [", f);
	for (size_t l = 0; l < r->n_levels; l++) {
		const tt_mc_alarm_level *al = &ma->levels[l];
		fprintf(f, "%s\n        {\"rate_per_min\": ", l ? "," : "");
		json_number(f, al->rate_per_min);
		fputs(",\n          \"points\": [", f);
		for (size_t k = 0; k < r->n_capacities; k++) {
			fputs(k ? ", " : "", f);
			json_alarm_point(f, s, ua, &al->points[k]);
		}
		fputs("]}", f);
	}
	fputs("]}", f);
}

/* The steps' part, after "policies": its verdict, maps and alarms. */
static void json_steps(FILE *f, const tt_scenario *s, const tt_mc_result *r)
{
	fprintf(f, "  \"steps_valid\": %s, \"step_findings\": [",
	        json_bool(!r->step_findings));
	json_findings(f, r->step_findings, r->step_reason, "    ");
	fputs("],\n  \"step_levels\": [", f);
	for (size_t l = 0; l < r->n_levels; l++) {
		const tt_mc_step_level *sl = &r->step_levels[l];
		fprintf(f, "%s\n    {\"rate_per_min\": ", l ? "," : "");
		json_number(f, sl->rate_per_min);
		fputs(", \"steady_state\": ", f);
		json_cycle(f, sl->cycle, sl->cycle_len);
		fputs(", \"flip_flop\": ", f);
		json_cycle(f, sl->flip, sl->flip_len > 1 ? sl->flip_len : 0);
		fputc('}', f);
	}
	fputs("],\n  \"alarms\": [\n", f);
	for (size_t i = 0; i < r->n_alarms; i++) {
		json_alarm(f, s, r, &r->alarms[i]);
		fprintf(f, "%s\n", i + 1 < r->n_alarms ? "," : "");
	}
	fputs("  ]}\n", f);
}

static void json_policy(FILE *f, const tt_mc_result *r, const tt_mc_policy *mp)
{
	const tt_policy *p = mp->policy;
	char buf[512];
	fputs("    {\"name\": ", f);
	tt_fmt_json_string(f, p->name);
	fputs(", \"metric\": ", f);
	tt_fmt_json_string(f, metric_label(p, buf, sizeof buf));
	fputs(", \"target\": ", f);
	json_number(f, p->target_value);
	fputs(", \"low_threshold\": ", f);
	json_number(f, tt_scale_in_threshold(p->target_value, r->low_ratio));
	fprintf(f, ",\n      \"valid\": %s, \"slope\": ",
	        json_bool(!mp->findings));
	json_maybe(f, mp->has_slope, mp->slope);
	fputs(", \"cap\": ", f);
	json_maybe(f, mp->has_cap, mp->cap);
	fputs(",\n      \"findings\": [", f);
	json_findings(f, mp->findings, mp->reason, "        ");
	fputs("],\n      \"levels\": [", f);
	for (size_t l = 0; l < r->n_levels; l++) {
		fprintf(f, "%s\n        ", l ? "," : "");
		json_level(f, r, &mp->levels[l]);
	}
	fputs("]}", f);
}

tt_code tt_mc_write_json(FILE *f, const tt_scenario *s, const tt_mc_result *r,
                         tt_diag *d)
{
	(void)d; /* nothing here can fail but the stream, the caller's */
	fputs("{\"scenario\": ", f);
	tt_fmt_json_string(f, s->name);
	fprintf(f, ", \"mode\": \"%s\", \"valid\": %s,\n",
	        r->mode == TT_MODE_REQUEST ? "request" : "fluid",
	        json_bool(r->valid));
	fputs("  \"peak_per_min\": ", f);
	json_maybe(f, r->peak_per_min > 0, r->peak_per_min);
	fprintf(f,
	        ", \"start_capacity\": %d, \"run_s\": %" PRId64
	        ", \"probes\": %" PRIu64 ",\n",
	        r->start_capacity, (int64_t)(r->run_us / TT_US_PER_S),
	        r->probes);
	fputs("  \"thresholds\": {\"slope_valid\": [", f);
	json_number(f, TT_MC_SLOPE_VALID_LO);
	fputs(", ", f);
	json_number(f, TT_MC_SLOPE_VALID_HI);
	fputs("], \"slope_flat\": ", f);
	json_number(f, TT_MC_SLOPE_FLAT);
	fputs(", \"cap_min_ratio\": ", f);
	json_number(f, TT_MC_CAP_MIN_RATIO);
	fputs(", \"low_ratio\": ", f);
	json_number(f, r->low_ratio);
	fputs("},\n  \"capacities\": [", f);
	for (size_t k = 0; k < r->n_capacities; k++)
		fprintf(f, "%s%d", k ? ", " : "", r->capacities[k]);
	fputs("],\n  \"policies\": [\n", f);
	for (size_t i = 0; i < r->n_policies; i++) {
		json_policy(f, r, &r->policies[i]);
		fprintf(f, "%s\n", i + 1 < r->n_policies ? "," : "");
	}
	if (r->n_alarms > 0) {
		fputs("  ],\n", f);
		json_steps(f, s, r);
	} else {
		fputs("  ]}\n", f);
	}
	return TT_OK;
}
