/*
 * report.c - CSV and JSON writers for a run.
 *
 * Numbers go through tt_fmt_double and times through tt_time_format_s, so
 * every byte of the output is a function of the inputs and the seed.  CSV
 * is RFC 4180 with "\n" line ends; a field is quoted only when it holds a
 * comma, a quote or a line break.  Every number goes through
 * tt_fmt_finite: a NaN or an infinity stops the writer with an internal
 * error, and the caller discards the file instead of committing it.
 */
#include "ttsim/report.h"

#include <stdlib.h>
#include <string.h>

#include "alarm.h"
#include "ttsim/fmt.h"
#include "metric_math.h"

/* The longest row: fixed columns, the action, and per policy a number
 * and two alarm states; generous, as it is allocated once. */
#define ROW_FIXED_MAX (256 + 3 * TT_FMT_BUF)
#define ROW_POLICY_MAX (TT_FMT_BUF + 2 * 24)

static void put_csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void put_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static const char *action_name(tt_action a)
{
	switch (a) {
	case TT_ACTION_SCALE_OUT:
		return "scale_out";
	case TT_ACTION_SCALE_IN:
		return "scale_in";
	case TT_ACTION_NOT_SCALED:
		return "not_scaled:";
	case TT_ACTION_NONE:
		break;
	}
	return "none";
}

static tt_code csv_begin(void *ctx, const tt_scenario *s, bool wallclock,
                         int64_t origin_unix_s, tt_diag *d)
{
	tt_csv_recorder *r = ctx;
	r->s = s;
	r->wallclock = wallclock;
	r->origin_unix_s = origin_unix_s;
	if (r->timeline) {
		FILE *f = r->timeline;
		fputs("time_s,invocations,desired,in_service,pending,metric,"
		      "alarm_high,alarm_low,action",
		      f);
		for (size_t i = 1; i < s->n_policies; i++) {
			static const char *const cols[] = {
			        ".metric", ".alarm_high", ".alarm_low"};
			for (size_t c = 0; c < 3; c++) {
				char name[512];
				snprintf(name, sizeof name, "%s%s",
				         s->policies[i].name, cols[c]);
				fputc(',', f);
				put_csv_field(f, name);
			}
		}
		if (s->mode == TT_MODE_REQUEST)
			fputs(",p50_ms,p99_ms,errors", f);
		if (wallclock)
			fputs(",timestamp", f);
		fputc('\n', f);
	}
	if (r->events)
		fputs("time_s,policy,direction,from,to,reason\n", r->events);
	r->line_cap = ROW_FIXED_MAX + ROW_POLICY_MAX * s->n_policies;
	free(r->line);
	r->line = malloc(r->line_cap);
	if (!r->line)
		return tt_diag_set(d, TT_ENOMEM, (tt_loc){0}, "out of memory");
	return TT_OK;
}

/*
 * Timeline rows are the bulk of the output (125,000 for the World Cup
 * trace), so each is built in r->line and written with one fwrite.  The
 * buffer is sized in csv_begin for the longest possible row.
 */
static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

static char *put_int(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		return p + tt_fmt_uint((uint64_t)-v, p);
	}
	return p + tt_fmt_uint((uint64_t)v, p);
}

/* A number cell; after a refused value (*rc set) the row is abandoned. */
static char *put_number(char *p, double v, const char *col, tt_code *rc,
                        tt_diag *d)
{
	char num[TT_FMT_BUF];
	if (!*rc)
		*rc = tt_fmt_finite(v, "timeline.csv", col, num, d);
	return *rc ? p : put_str(p, num);
}

static char *put_policy_cols(char *p, const tt_row_policy *pol, tt_code *rc,
                             tt_diag *d)
{
	*p++ = ',';
	if (pol->has_metric)
		p = put_number(p, pol->metric, "metric", rc, d);
	*p++ = ',';
	p = put_str(p, tt_alarm_state_name(pol->high));
	*p++ = ',';
	return put_str(p, tt_alarm_state_name(pol->low));
}

static tt_code csv_row(void *ctx, const tt_row *row, tt_diag *d)
{
	tt_csv_recorder *r = ctx;
	tt_code rc = TT_OK;
	if (!r->timeline)
		return TT_OK;
	char *p = r->line;
	char t[32];
	p = put_str(p, tt_time_format_s(row->start_us, t));
	*p++ = ',';
	p = put_int(p, (int64_t)row->invocations);
	*p++ = ',';
	p = put_int(p, row->desired);
	*p++ = ',';
	p = put_int(p, row->in_service);
	*p++ = ',';
	p = put_int(p, row->pending);
	p = put_policy_cols(p, &row->policies[0], &rc, d);
	*p++ = ',';
	p = put_str(p, action_name(row->action));
	if (row->action == TT_ACTION_NOT_SCALED)
		p = put_str(p, tt_reason_name(row->reason));
	for (size_t i = 1; i < r->s->n_policies; i++)
		p = put_policy_cols(p, &row->policies[i], &rc, d);
	if (r->s->mode == TT_MODE_REQUEST) {
		*p++ = ',';
		if (row->has_latency)
			p = put_number(p, row->p50_ms, "p50_ms", &rc, d);
		*p++ = ',';
		if (row->has_latency)
			p = put_number(p, row->p99_ms, "p99_ms", &rc, d);
		*p++ = ',';
		p = put_int(p, (int64_t)row->errors);
	}
	if (rc)
		return rc;
	if (r->wallclock) {
		char ts[TT_FMT_BUF];
		int64_t unix_s = r->origin_unix_s + row->start_us / TT_US_PER_S;
		*p++ = ',';
		p = put_str(p, tt_fmt_iso8601(unix_s, ts));
	}
	*p++ = '\n';
	fwrite(r->line, 1, (size_t)(p - r->line), r->timeline);
	return TT_OK;
}

static tt_code csv_event(void *ctx, const tt_event_row *ev, tt_diag *d)
{
	tt_csv_recorder *r = ctx;
	FILE *f = r->events;
	(void)d;
	if (!f)
		return TT_OK;
	char t[32];
	fputs(tt_time_format_s(ev->time_us, t), f);
	fputc(',', f);
	put_csv_field(f, r->s->policies[ev->policy].name);
	const char *reason = "";
	switch (ev->kind) {
	case TT_EVENT_DECISION:
		reason = "InProgress";
		break;
	case TT_EVENT_COMPLETED:
		reason = "Successful";
		break;
	case TT_EVENT_NOT_SCALED:
		reason = tt_reason_name(ev->reason);
		break;
	}
	fprintf(f, ",%s,%d,%d,%s\n", tt_direction_name(ev->direction), ev->from,
	        ev->to, reason);
	return TT_OK;
}

void tt_csv_recorder_release(tt_csv_recorder *r)
{
	if (!r)
		return;
	free(r->line);
	r->line = NULL;
	r->line_cap = 0;
}

void tt_csv_recorder_init(tt_csv_recorder *r, FILE *timeline, FILE *events)
{
	memset(r, 0, sizeof *r);
	r->timeline = timeline;
	r->events = events;
	r->rec.ctx = r;
	r->rec.begin = csv_begin;
	r->rec.row = csv_row;
	r->rec.event = csv_event;
}

/* ---- summary.json ---- */

/*
 * summary.json is written key by key; a refused number sets `rc` (the
 * first one is kept in `d`) and the rest is written all the same into a
 * file the caller will discard.  One check at the end, not one per key.
 */
typedef struct json_out {
	FILE *f;
	tt_code rc;
	tt_diag *d;
} json_out;

static void put_num(json_out *o, const char *key, double v, const char *sep)
{
	char num[TT_FMT_BUF];
	tt_code rc =
	        tt_fmt_finite(v, "summary.json", key, num, o->rc ? NULL : o->d);
	if (rc && !o->rc)
		o->rc = rc;
	fprintf(o->f, "%s\"%s\": %s", sep, key, num);
}

static void put_seconds(FILE *f, const char *key, tt_time_us t, const char *sep)
{
	char num[32];
	fprintf(f, "%s\"%s\": %s", sep, key, tt_time_format_s(t, num));
}

static void put_delay(FILE *f, const char *key, const tt_delay *dl)
{
	char a[32], b[32];
	if (dl->kind == TT_DELAY_UNIFORM)
		fprintf(f,
		        ",\n    \"%s\": {\"dist\": \"uniform\", \"min_s\": %s, "
		        "\"max_s\": %s}",
		        key, tt_time_format_s(dl->min_us, a),
		        tt_time_format_s(dl->max_us, b));
	else
		fprintf(f,
		        ",\n    \"%s\": {\"dist\": \"fixed\", \"value_s\": %s}",
		        key, tt_time_format_s(dl->min_us, a));
}

static void put_shape(FILE *f, const char *key, tt_alarm_shape sh)
{
	fprintf(f, ",\n    \"%s\": {\"datapoints\": %d, \"periods\": %d}", key,
	        sh.datapoints, sh.periods);
}

static const char *metric_label(const tt_policy *p)
{
	if (p->metric.kind == TT_METRIC_PREDEFINED)
		return tt_predefined_get(p->metric.predefined)->name;
	if (p->metric.math) {
		/* metric math: what the returning query says it is */
		const tt_math_query *q =
		        &p->metric.math->queries[p->metric.math->result];
		return q->label        ? q->label
		       : q->expression ? q->expression
		                       : q->stat.metric_name;
	}
	return p->metric.metric_name;
}

tt_code tt_report_write_summary(FILE *f, const tt_scenario *s,
                                const tt_summary *sum, tt_diag *d)
{
	const tt_aws_knobs *k = &s->aws;
	json_out o = {f, TT_OK, d};
	fputs("{\n  \"scenario\": ", f);
	put_json_string(f, s->name);
	fputs(",\n  \"resource\": ", f);
	put_json_string(f, s->resource);
	fprintf(f, ",\n  \"mode\": \"%s\"",
	        s->mode == TT_MODE_FLUID ? "fluid" : "request");
	fprintf(f, ",\n  \"seed\": %llu", (unsigned long long)s->seed);
	put_seconds(f, "period_s", s->period_us, ",\n  ");
	put_seconds(f, "simulated_s", sum->simulated_us, ",\n  ");
	fprintf(f, ",\n  \"periods\": %llu", (unsigned long long)sum->periods);
	fprintf(f, ",\n  \"invocations\": %llu",
	        (unsigned long long)sum->invocations);

	fputs(",\n  \"capacity\": {", f);
	fprintf(f, "\n    \"initial\": %d, \"min\": %d, \"max\": %d",
	        s->initial_capacity, s->min_capacity, s->max_capacity);
	fprintf(f, ",\n    \"peak_desired\": %d", sum->peak_desired);
	fprintf(f, ",\n    \"peak_in_service\": %d", sum->peak_in_service);
	put_num(&o, "mean_desired", sum->mean_desired, ",\n    ");
	put_num(&o, "mean_in_service", sum->mean_in_service, ",\n    ");
	fprintf(f, ",\n    \"final_desired\": %d\n  }", sum->final_desired);

	fputs(",\n  \"cost\": {", f);
	put_num(&o, "instance_hours", sum->instance_hours, "\n    ");
	put_num(&o, "price_per_hour", s->price_per_hour, ",\n    ");
	put_num(&o, "total", sum->cost, ",\n    ");
	fputs("\n  }", f);

	fputs(",\n  \"activities\": {", f);
	fprintf(f, "\n    \"scale_out\": %d,\n    \"scale_in\": %d",
	        sum->scale_out_activities, sum->scale_in_activities);
	fputs(",\n    \"not_scaled\": {", f);
	const char *sep = "";
	for (int r = TT_REASON_NONE + 1; r < TT_REASON_COUNT; r++) {
		fprintf(f, "%s\n      \"%s\": %llu", sep, tt_reason_name(r),
		        (unsigned long long)sum->not_scaled[r]);
		sep = ",";
	}
	fputs("\n    }\n  }", f);

	put_num(&o, "minutes_over_target", (double)sum->over_target_us / 60e6,
	        ",\n  ");

	const tt_elasticity_figures *el = &sum->elasticity;
	fputs(",\n  \"elasticity\": {", f);
	fprintf(f, "\n    \"steps\": %llu", (unsigned long long)el->steps);
	put_num(&o, "under_provisioning_accuracy", el->under_accuracy,
	        ",\n    ");
	put_num(&o, "over_provisioning_accuracy", el->over_accuracy, ",\n    ");
	put_num(&o, "under_provisioning_timeshare", el->under_timeshare,
	        ",\n    ");
	put_num(&o, "over_provisioning_timeshare", el->over_timeshare,
	        ",\n    ");
	put_num(&o, "instability", el->instability, ",\n    ");
	put_num(&o, "jitter", el->jitter_per_hour, ",\n    ");
	fputs("\n  }", f);

	if (sum->request) {
		fputs(",\n  \"requests\": {", f);
		fprintf(f, "\n    \"completed\": %llu",
		        (unsigned long long)sum->completed);
		fprintf(f, ",\n    \"errors\": %llu",
		        (unsigned long long)sum->errors);
		put_num(&o, "error_rate",
		        sum->invocations
		                ? (double)sum->errors / (double)sum->invocations
		                : 0,
		        ",\n    ");
		put_num(&o, "latency_mean_ms", sum->latency_mean_ms, ",\n    ");
		put_num(&o, "latency_p50_ms", sum->latency_p50_ms, ",\n    ");
		put_num(&o, "latency_p90_ms", sum->latency_p90_ms, ",\n    ");
		put_num(&o, "latency_p99_ms", sum->latency_p99_ms, ",\n    ");
		put_num(&o, "latency_p999_ms", sum->latency_p999_ms, ",\n    ");
		put_num(&o, "latency_max_ms", sum->latency_max_ms, ",\n    ");
		put_seconds(f, "slo_latency_s", s->slo_latency_us, ",\n    ");
		fprintf(f, ",\n    \"over_slo\": %llu\n  }",
		        (unsigned long long)sum->over_slo);
	}

	fputs(",\n  \"policies\": [", f);
	for (size_t i = 0; i < s->n_policies; i++) {
		const tt_policy *p = &s->policies[i];
		const tt_policy_summary *ps = &sum->policies[i];
		fprintf(f, "%s\n    {\n      \"name\": ", i ? "," : "");
		put_json_string(f, p->name);
		fputs(",\n      \"metric\": ", f);
		put_json_string(f, metric_label(p));
		put_num(&o, "target_value", p->target_value, ",\n      ");
		put_seconds(f, "period_s", tt_policy_period_us(p), ",\n      ");
		put_seconds(f, "scale_out_cooldown_s", p->scale_out_cooldown_us,
		            ",\n      ");
		put_seconds(f, "scale_in_cooldown_s", p->scale_in_cooldown_us,
		            ",\n      ");
		fprintf(f, ",\n      \"disable_scale_in\": %s",
		        p->disable_scale_in ? "true" : "false");
		fprintf(f, ",\n      \"datapoints\": %llu",
		        (unsigned long long)ps->datapoints);
		fprintf(f, ",\n      \"missing_datapoints\": %llu",
		        (unsigned long long)ps->missing);
		put_num(&o, "minutes_over_target",
		        (double)ps->over_target_us / 60e6, ",\n      ");
		fputs("\n    }", f);
	}
	fputs("\n  ]", f);

	fputs(",\n  \"notes\": [", f);
	for (size_t i = 0; i < sum->notes.count; i++) {
		char line[TT_DIAG_MSG_MAX + TT_DIAG_FILE_MAX + 64];
		fputs(i ? ",\n    " : "\n    ", f);
		put_json_string(f, tt_diag_format(&sum->notes.items[i], line,
		                                  sizeof line));
	}
	fputs(sum->notes.count ? "\n  ]" : "]", f);

	fputs(",\n  \"knobs\": {", f);
	fprintf(f, "\n    \"zero_traffic\": \"%s\"",
	        k->zero_traffic == TT_ZERO_TRAFFIC_ZERO ? "zero" : "missing");
	put_seconds(f, "metric_delay_s", k->metric_delay_us, ",\n    ");
	put_seconds(f, "metric_delay_hr_s", k->metric_delay_hr_us, ",\n    ");
	put_shape(f, "alarm_high", k->alarm_high);
	put_shape(f, "alarm_low", k->alarm_low);
	put_shape(f, "alarm_high_hr", k->alarm_high_hr);
	put_shape(f, "alarm_low_hr", k->alarm_low_hr);
	put_num(&o, "low_ratio", k->low_ratio, ",\n    ");
	fprintf(f, ",\n    \"scale_out_cooldown\": \"%s\"",
	        k->scale_out_cooldown == TT_OUT_COOLDOWN_RELATIVE ? "relative"
	                                                          : "block");
	fprintf(f, ",\n    \"scale_in_during_scale_out_cooldown\": %s",
	        k->scale_in_during_scale_out_cooldown ? "true" : "false");
	fprintf(f, ",\n    \"block_while_updating\": %s",
	        k->block_while_updating ? "true" : "false");
	put_delay(f, "provisioning", &s->provisioning);
	put_delay(f, "deprovisioning", &s->deprovisioning);
	fputs("\n  }\n}\n", f);
	return o.rc;
}
