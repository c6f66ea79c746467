/*
 * figures.c - the summary as named numbers, one list for every consumer.
 */
#include "ttsim/figures.h"

#include <string.h>

#include "controller.h"

/* Every name, fluid and request, in output order. */
static const char *const all_names[] = {
        "simulated_s",
        "invocations",
        "instance_hours",
        "cost",
        "max_instances",
        "peak_in_service",
        "mean_instances",
        "mean_in_service",
        "final_instances",
        "scale_out_activities",
        "scale_in_activities",
        "not_scaled",
        "minutes_over_target",
        "under_provisioning_accuracy",
        "over_provisioning_accuracy",
        "under_provisioning_timeshare",
        "over_provisioning_timeshare",
        "instability",
        "jitter",
        "peak_copies",
        "mean_copies",
        "zero_copies_minutes",
        "wake_ups",
        "no_capacity_failures",
        "cold_starts",
        "cold_start_wait_p50_s",
        "cold_start_wait_p99_s",
        "cold_start_wait_max_s",
        "requests_completed",
        "errors",
        "error_rate",
        "mean_latency_ms",
        "p50_latency_ms",
        "p90_latency_ms",
        "p99_latency_ms",
        "p999_latency_ms",
        "max_latency_ms",
        "over_slo",
        NULL,
};

/* The first request-mode name in all_names: those from it on are absent
 * from fluid runs. */
#define FIRST_REQUEST_NAME "requests_completed"
/* The inference component's names run from this one to the first
 * request-mode name: absent from runs of any other resource. */
#define FIRST_IC_NAME "peak_copies"

static int name_index(const char *name)
{
	for (int i = 0; all_names[i]; i++)
		if (!strcmp(all_names[i], name))
			return i;
	return -1;
}

bool tt_figure_known(const char *name)
{
	return name_index(name) >= 0;
}

bool tt_figure_request_only(const char *name)
{
	int i = name_index(name);
	return i >= 0 && i >= name_index(FIRST_REQUEST_NAME);
}

bool tt_figure_ic_only(const char *name)
{
	int i = name_index(name);
	return i >= name_index(FIRST_IC_NAME) &&
	       i < name_index(FIRST_REQUEST_NAME);
}

const char *const *tt_figure_names(void)
{
	return all_names;
}

static void put(tt_figure *out, size_t *n, const char *name, double v)
{
	out[*n].name = name;
	out[*n].value = v;
	(*n)++;
}

size_t tt_summary_figures(const tt_scenario *s, const tt_summary *sum,
                          tt_figure *out)
{
	size_t n = 0;
	uint64_t not_scaled = 0;
	for (int r = 0; r < TT_REASON_COUNT; r++)
		not_scaled += sum->not_scaled[r];
	(void)s;
	put(out, &n, "simulated_s", (double)sum->simulated_us / 1e6);
	put(out, &n, "invocations", (double)sum->invocations);
	put(out, &n, "instance_hours", sum->instance_hours);
	put(out, &n, "cost", sum->cost);
	put(out, &n, "max_instances", sum->peak_desired);
	put(out, &n, "peak_in_service", sum->peak_in_service);
	put(out, &n, "mean_instances", sum->mean_desired);
	put(out, &n, "mean_in_service", sum->mean_in_service);
	put(out, &n, "final_instances", sum->final_desired);
	put(out, &n, "scale_out_activities", sum->scale_out_activities);
	put(out, &n, "scale_in_activities", sum->scale_in_activities);
	put(out, &n, "not_scaled", (double)not_scaled);
	put(out, &n, "minutes_over_target", (double)sum->over_target_us / 60e6);
	const tt_elasticity_figures *el = &sum->elasticity;
	put(out, &n, "under_provisioning_accuracy", el->under_accuracy);
	put(out, &n, "over_provisioning_accuracy", el->over_accuracy);
	put(out, &n, "under_provisioning_timeshare", el->under_timeshare);
	put(out, &n, "over_provisioning_timeshare", el->over_timeshare);
	put(out, &n, "instability", el->instability);
	put(out, &n, "jitter", el->jitter_per_hour);
	if (sum->ic) {
		put(out, &n, "peak_copies", sum->peak_copies);
		put(out, &n, "mean_copies", sum->mean_copies);
		put(out, &n, "zero_copies_minutes",
		    (double)sum->zero_copies_us / 60e6);
		put(out, &n, "wake_ups", sum->wake_ups);
		put(out, &n, "no_capacity_failures", sum->no_capacity);
		put(out, &n, "cold_starts", (double)sum->cold_starts);
		put(out, &n, "cold_start_wait_p50_s",
		    (double)sum->cold_start_p50_us / 1e6);
		put(out, &n, "cold_start_wait_p99_s",
		    (double)sum->cold_start_p99_us / 1e6);
		put(out, &n, "cold_start_wait_max_s",
		    (double)sum->cold_start_max_us / 1e6);
	}
	if (sum->request) {
		put(out, &n, "requests_completed", (double)sum->completed);
		put(out, &n, "errors", (double)sum->errors);
		put(out, &n, "error_rate",
		    sum->invocations
		            ? (double)sum->errors / (double)sum->invocations
		            : 0);
		put(out, &n, "mean_latency_ms", sum->latency_mean_ms);
		put(out, &n, "p50_latency_ms", sum->latency_p50_ms);
		put(out, &n, "p90_latency_ms", sum->latency_p90_ms);
		put(out, &n, "p99_latency_ms", sum->latency_p99_ms);
		put(out, &n, "p999_latency_ms", sum->latency_p999_ms);
		put(out, &n, "max_latency_ms", sum->latency_max_ms);
		put(out, &n, "over_slo", (double)sum->over_slo);
	}
	return n;
}

bool tt_summary_figure(const tt_scenario *s, const tt_summary *sum,
                       const char *name, double *value)
{
	tt_figure f[TT_FIGURES_MAX];
	size_t n = tt_summary_figures(s, sum, f);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(f[i].name, name)) {
			*value = f[i].value;
			return true;
		}
	}
	return false;
}
