/*
 * cmd_validate.c - `ttsim validate FILE...`: load every file as a run
 * would and report each problem found.
 *
 * Policy files (.json) are loaded as policies; scenarios (.yaml, .yml) are
 * loaded with their policy files and their trace is read to the end, so a
 * bad row deep in a trace is found here rather than hours into a run.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ttsim/policy.h"
#include "ttsim/scenario.h"
#include "ttsim/workload.h"

static const char validate_help[] =
        "usage: ttsim validate FILE...\n"
        "\n"
        "Check policy files (.json: a "
        "TargetTrackingScalingPolicyConfiguration)\n"
        "and scenarios (.yaml, .yml: with their policies and trace).  Prints\n"
        "'FILE: ok' for each good file and 'file:line:col: error: ...' for\n"
        "each bad one; exits 2 if any file is bad.\n";

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * Read the workload once, as a run would: a trace to its end (or to the
 * scenario's duration), so a bad row far into it is found here.  Its
 * warnings and notes are printed.
 */
static tt_code drain_workload(const tt_scenario *s, tt_diag *d)
{
	tt_diag_list notes = {0};
	tt_workload *w;
	tt_code rc = tt_workload_open(&s->workload, s->seed, s->period_us,
	                              &notes, &w, d);
	if (rc)
		goto out;
	int64_t periods = s->duration_us > 0
	                          ? (s->duration_us + s->period_us - 1) /
	                                    s->period_us
	                          : -1;
	if (s->workload.kind == TT_WORKLOAD_TRACE) {
		for (int64_t k = 0; periods < 0 || k < periods; k++) {
			uint64_t count;
			bool ended;
			rc = tt_workload_next(w, &count, &ended, d);
			if (rc || ended)
				break;
		}
	}
	tt_workload_close(w);
out:
	tt_cli_print_notes(&notes);
	tt_diag_list_release(&notes);
	return rc;
}

static tt_code validate_one(const char *path, tt_diag *d)
{
	if (ends_with(path, ".json")) {
		tt_policy p;
		tt_code rc = tt_policy_load_file(path, path, NULL, &p, d);
		if (!rc)
			tt_policy_release(&p);
		return rc;
	}
	if (ends_with(path, ".yaml") || ends_with(path, ".yml")) {
		tt_scenario s;
		tt_code rc = tt_scenario_load_file(path, &s, d);
		if (rc)
			return rc;
		tt_cli_print_notes(&s.notes);
		rc = drain_workload(&s, d);
		tt_scenario_release(&s);
		return rc;
	}
	return tt_diag_set(d, TT_EINVAL, (tt_loc){path, 0, 0},
	                   "cannot tell what kind of file this is (expected "
	                   ".json for a policy, .yaml or .yml for a scenario)");
}

int tt_cmd_validate(int argc, char **argv)
{
	int nfiles = 0;
	int worst = TT_EXIT_OK;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(validate_help, stdout);
			return TT_EXIT_OK;
		}
	}
	for (int i = 1; i < argc; i++) {
		const char *path = argv[i];
		if (path[0] == '-' && path[1] != '\0')
			return tt_cli_usage_error("validate",
			                          "unknown option '%s'", path);
		nfiles++;
		tt_diag d;
		tt_diag_clear(&d);
		if (validate_one(path, &d)) {
			int code = tt_cli_fail(&d);
			if (code > worst)
				worst = code;
		} else {
			printf("%s: ok\n", path);
		}
	}
	if (nfiles == 0)
		return tt_cli_usage_error("validate", "no file given");
	return worst;
}
