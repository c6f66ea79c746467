/*
 * report.c - summary.json, a finished run's figures and settings.
 *
 * Numbers go through tt_fmt_finite and times through tt_time_format_s, so
 * every byte of the output is a function of the inputs and the seed, and
 * a NaN or an infinity stops the writer with an internal error: the
 * caller discards the file instead of committing it.  Names from the
 * scenario go through tt_fmt_json_string.  The run's two CSV files are
 * written while it runs, by csv_recorder.c.
 */
#include "ttsim/report.h"

#include "ttsim/fmt.h"
#include "metric_math.h"
#include "hpa_config.h"
#include "scenario_ic.h"
#include "scenario_scheduled.h"
#include "step.h"

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

/*
 * A delay (a drawn duration, never linear) as {"dist": NAME, ...}: the
 * vocabulary's canonical name and its parameters in seconds.
 */
static void put_delay(FILE *f, const char *key, const tt_drawn_duration *dl)
{
	char a[32], b[32];
	fprintf(f, ",\n    \"%s\": {\"dist\": \"%s\"", key,
	        tt_drawn_kind_name(dl->kind));
	switch (dl->kind) {
	case TT_DRAWN_UNIFORM:
		fprintf(f, ", \"min_s\": %s, \"max_s\": %s}",
		        tt_time_format_s(dl->min_us, a),
		        tt_time_format_s(dl->max_us, b));
		return;
	case TT_DRAWN_EXPONENTIAL:
		fprintf(f, ", \"mean_s\": %s}",
		        tt_time_format_s(dl->mean_us, a));
		return;
	case TT_DRAWN_LOGNORMAL:
		fprintf(f, ", \"median_s\": %s, \"p99_s\": %s}",
		        tt_time_format_s(dl->median_us, a),
		        tt_time_format_s(dl->p99_us, b));
		return;
	case TT_DRAWN_EMPIRICAL:
		fprintf(f, ", \"samples\": %zu}", dl->n_samples);
		return;
	default:
		fprintf(f, ", \"value_s\": %s}",
		        tt_time_format_s(dl->value_us, a));
		return;
	}
}

static void put_shape(FILE *f, const char *key, tt_alarm_shape sh)
{
	fprintf(f, ",\n    \"%s\": {\"datapoints\": %d, \"periods\": %d}", key,
	        sh.datapoints, sh.periods);
}

/*
 * The scheduled actions' knobs (SPEC.md 16), written only for a scenario
 * that has scheduled actions, so other runs' summaries keep their bytes.
 */
static void put_scheduled_knobs(FILE *f, const tt_aws_knobs *k)
{
	const tt_schedule_knobs *sk = &k->schedule;
	const char *const fmt = ",\n    \"%s\": \"%s\"";
	fprintf(f, fmt, "cron_seconds",
	        tt_sv_cron_seconds_names[sk->cron_seconds]);
	fprintf(f, fmt, "start_time_run",
	        tt_sv_start_time_run_names[sk->start_time_run]);
	fprintf(f, fmt, "rate_without_start",
	        tt_sv_rate_without_start_names[sk->rate_without_start]);
	fprintf(f, ",\n    \"end_time_inclusive\": %s",
	        sk->end_time_inclusive ? "true" : "false");
	fprintf(f, fmt, "dst_gap", tt_sv_dst_gap_names[sk->dst_gap]);
	fprintf(f, fmt, "dst_overlap",
	        tt_sv_dst_overlap_names[sk->dst_overlap]);
	put_seconds(f, "scheduled_delay_s", k->scheduled_delay_us, ",\n    ");
	fprintf(f, ",\n    \"scheduled_starts_cooldown\": %s",
	        k->scheduled_starts_cooldown ? "true" : "false");
	fprintf(f, ",\n    \"scheduled_ends_scale_in_cooldown\": %s",
	        k->scheduled_ends_scale_in_cooldown ? "true" : "false");
	fprintf(f, fmt, "scheduled_min_gt_max",
	        tt_sv_min_gt_max_names[k->scheduled_min_gt_max]);
	fprintf(f, fmt, "scheduled_while_updating",
	        tt_sv_while_updating_names[k->scheduled_while_updating]);
}

/*
 * An inference component's section (SPEC.md 13): its instances' limits
 * (its knobs are with the others), its copies, time at zero, wake-ups, failed requests and how long the
 * first request after zero waited (0 when no request did).
 */
static void put_ic(json_out *o, const tt_scenario *s, const tt_summary *sum)
{
	FILE *f = o->f;
	const tt_ic_config *ic = &s->ic;
	fputs(",\n  \"inference_component\": {", f);
	fprintf(f, "\n    \"instances\": {\"min\": %d, \"max\": %d}",
	        ic->min_instances, ic->max_instances);
	fprintf(f, ",\n    \"peak_copies\": %d", sum->peak_copies);
	put_num(o, "mean_copies", sum->mean_copies, ",\n    ");
	put_seconds(f, "zero_copies_s", sum->zero_copies_us, ",\n    ");
	fprintf(f, ",\n    \"wake_ups\": %d", sum->wake_ups);
	put_num(o, "no_capacity_failures", sum->no_capacity, ",\n    ");
	fprintf(f, ",\n    \"cold_starts\": %zu", sum->cold_starts);
	put_seconds(f, "cold_start_wait_p50_s", sum->cold_start_p50_us,
	            ",\n    ");
	put_seconds(f, "cold_start_wait_p99_s", sum->cold_start_p99_us,
	            ",\n    ");
	put_seconds(f, "cold_start_wait_max_s", sum->cold_start_max_us,
	            ",\n    ");
	fputs("\n  }", f);
}

/*
 * An inference component's knobs (SPEC.md 16), written only for one, so
 * other runs' summaries keep their bytes.
 */
static void put_ic_knobs(FILE *f, const tt_ic_config *ic)
{
	fprintf(f, ",\n    \"copies_per_instance\": %d",
	        ic->copies_per_instance);
	fprintf(f, ",\n    \"ic_packing\": \"%s\"",
	        tt_sv_ic_packing_names[ic->packing]);
	put_delay(f, "copy_load", &ic->copy_load);
	put_seconds(f, "instance_release_s", ic->instance_release_us,
	            ",\n    ");
	put_seconds(f, "no_capacity_resolution_s",
	            ic->no_capacity_resolution_us, ",\n    ");
	fprintf(f, ",\n    \"wake_from_zero\": \"%s\"",
	        tt_sv_wake_preset_names[ic->wake_from_zero]);
}

/*
 * A Kubernetes HPA's section (SPEC.md 15), written only for one: which
 * manifest scaled the target and how.
 */
static void put_hpa(json_out *o, const tt_hpa_config *c)
{
	FILE *f = o->f;
	fputs(",\n  \"hpa\": {\n    \"name\": ", f);
	tt_fmt_json_string(f, c->name);
	fprintf(f, ",\n    \"min_replicas\": %d, \"max_replicas\": %d",
	        c->min_replicas, c->max_replicas);
	fprintf(f, ",\n    \"behavior\": %s",
	        c->has_behavior ? "true" : "false");
	static const char *const types[] = {"Resource", "Pods", "Object",
	                                    "External"};
	static const char *const targets[] = {"Utilization", "AverageValue",
	                                      "Value"};
	fputs(",\n    \"metrics\": [", f);
	for (size_t i = 0; i < c->n_metrics; i++) {
		const tt_hpa_metric *m = &c->metrics[i];
		fputs(i ? ",\n      {\"name\": " : "\n      {\"name\": ", f);
		tt_fmt_json_string(f, m->name);
		fprintf(f, ", \"type\": \"%s\", \"target_type\": \"%s\"",
		        types[m->type], targets[m->target_type]);
		put_num(o, "target", m->target, ", ");
		fputc('}', f);
	}
	fputs(c->n_metrics ? "\n    ]\n  }" : "]\n  }", f);
}

/* A KEDA ScaledObject's section (SPEC.md 15.3): its 0 <-> 1 part. */
static void put_keda(json_out *o, const tt_keda_config *c)
{
	FILE *f = o->f;
	fputs(",\n  \"keda\": {\n    \"name\": ", f);
	tt_fmt_json_string(f, c->name);
	fprintf(f, ",\n    \"min_replicas\": %d, \"max_replicas\": %d",
	        c->min_replicas, c->max_replicas);
	put_seconds(f, "polling_interval_s", c->polling_us, ",\n    ");
	put_seconds(f, "cooldown_period_s", c->cooldown_us, ",\n    ");
	fputs(",\n    \"activation_thresholds\": [", f);
	for (size_t i = 0; i < c->n_triggers; i++) {
		char num[TT_FMT_BUF];
		tt_code rc = tt_fmt_finite(c->triggers[i].activation,
		                           "summary.json", "activation", num,
		                           o->rc ? NULL : o->d);
		if (rc && !o->rc)
			o->rc = rc;
		fprintf(f, "%s%s", i ? ", " : "", num);
	}
	fputs("]\n  }", f);
}

/* The HPA controller's knobs (SPEC.md 16), only with that controller. */
static void put_hpa_knobs(json_out *o, const tt_scenario *s)
{
	FILE *f = o->f;
	const tt_hpa_knobs *k = &s->hpa_knobs;
	put_seconds(f, "hpa_sync_period_s", k->sync_period_us, ",\n    ");
	put_num(o, "hpa_tolerance", k->tolerance, ",\n    ");
	fprintf(f, ",\n    \"hpa_configurable_tolerance\": %s",
	        k->configurable_tolerance ? "true" : "false");
	put_seconds(f, "hpa_downscale_stabilization_s",
	            k->downscale_stabilization_us, ",\n    ");
	put_seconds(f, "hpa_cpu_initialization_period_s",
	            k->cpu_initialization_period_us, ",\n    ");
	put_seconds(f, "hpa_metric_window_s", k->metric_window_us, ",\n    ");
	put_delay(f, "hpa_pod_startup",
	          k->has_pod_startup ? &k->pod_startup : &s->provisioning);
}

tt_code tt_report_write_summary(FILE *f, const tt_scenario *s,
                                const tt_summary *sum, tt_diag *d)
{
	const tt_aws_knobs *k = &s->aws;
	json_out o = {f, TT_OK, d};
	fputs("{\n  \"scenario\": ", f);
	tt_fmt_json_string(f, s->name);
	fputs(",\n  \"resource\": ", f);
	tt_fmt_json_string(f, s->resource);
	if (s->controller != TT_CONTROLLER_AWS)
		fprintf(f, ",\n  \"controller\": \"%s\"",
		        s->controller == TT_CONTROLLER_HPA ? "hpa" : "keda");
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
	if (sum->ic)
		put_ic(&o, s, sum);
	if (s->controller != TT_CONTROLLER_AWS)
		put_hpa(&o, s->hpa);
	if (s->controller == TT_CONTROLLER_KEDA)
		put_keda(&o, s->keda);

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
		tt_fmt_json_string(f, p->name);
		fputs(",\n      \"metric\": ", f);
		tt_fmt_json_string(f, tt_policy_metric_label(p));
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
		tt_fmt_json_string(f, tt_diag_format(&sum->notes.items[i], line,
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
	put_seconds(f, "alarm_action_repeat_s", k->alarm_action_repeat_us,
	            ",\n    ");
	fprintf(f, ",\n    \"step_aggregation_window\": \"%s\"",
	        tt_step_window_name(k->step_aggregation_window));
	fprintf(f, ",\n    \"step_tie_side\": \"%s\"",
	        tt_step_tie_side_name(k->step_tie_side));
	fprintf(f, ",\n    \"min_adjustment_on_scale_in\": %s",
	        k->min_adjustment_on_scale_in ? "true" : "false");
	fprintf(f, ",\n    \"step_cooldown_scope\": \"%s\"",
	        tt_step_cooldown_scope_name(k->step_cooldown_scope));
	if (s->n_scheduled)
		put_scheduled_knobs(f, k);
	if (s->ic.on)
		put_ic_knobs(f, &s->ic);
	if (s->controller != TT_CONTROLLER_AWS)
		put_hpa_knobs(&o, s);
	put_delay(f, "provisioning", &s->provisioning);
	put_delay(f, "deprovisioning", &s->deprovisioning);
	fputs("\n  }\n}\n", f);
	return o.rc;
}
