/*
 * validate.c - tell what an input file is and load it as a run would.
 *
 * A scenario is loaded with its policy files, then its workload is read to
 * the end (or to the scenario's duration), so a bad row deep in a trace is
 * reported now rather than hours into a run.  AWS files are loaded the way
 * a scenario would load them, into a scratch scenario.
 */
#include "ttsim/validate.h"

#include <string.h>

#include "aws_forms.h"
#include "node.h"
#include "ttsim/scenario.h"
#include "ttsim/service.h"
#include "ttsim/workload.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Read the workload once, to its end or to the scenario's duration. */
static tt_code drain_workload(const tt_scenario *s, tt_diag_list *notes,
                              tt_diag *d)
{
	tt_workload *w;
	tt_code rc = tt_workload_open(&s->workload, s->seed, s->period_us,
	                              notes, &w, d);
	if (rc)
		return rc;
	if (s->mode == TT_MODE_REQUEST && s->has_service) {
		/* a service time linear in an attribute the trace lacks */
		const char *const *names;
		size_t n = tt_workload_attrs(w, &names);
		tt_service sv;
		rc = tt_service_init(&sv, &s->service, s->seed, names, n, d);
		if (rc) {
			tt_workload_close(w);
			return rc;
		}
	}
	int64_t periods =
	        s->duration_us > 0
	                ? (s->duration_us + s->period_us - 1) / s->period_us
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
	return rc;
}

static tt_code validate_scenario(const char *path, tt_diag_list *notes,
                                 tt_diag *d)
{
	tt_scenario s;
	tt_code rc = tt_scenario_load_file(path, &s, d);
	if (rc)
		return rc;
	rc = tt_diag_list_extend(notes, &s.notes);
	if (!rc)
		rc = drain_workload(&s, notes, d);
	tt_scenario_release(&s);
	return rc;
}

/* An AWS document, loaded into a scratch scenario as a scenario would. */
static tt_code validate_aws(const char *path, tt_aws_form form,
                            const tt_node *root, const char **what,
                            tt_diag_list *notes, tt_diag *d)
{
	tt_scenario s;
	memset(&s, 0, sizeof s);
	tt_aws_capacity cap;
	memset(&cap, 0, sizeof cap);
	tt_code rc;
	switch (form) {
	case TT_FORM_REGISTER_TARGET:
	case TT_FORM_DESCRIBE_TARGETS:
		*what = "scalable target";
		rc = tt_aws_load_register(&s, path, &cap, d);
		break;
	case TT_FORM_CLOUDFORMATION:
		*what = "CloudFormation template";
		rc = tt_cfn_load(&s, path, NULL, (tt_loc){path, 0, 0},
		                 root->loc, &cap, d);
		break;
	default: {
		*what = "policy";
		tt_policy first;
		memset(&first, 0, sizeof first);
		rc = tt_aws_read_policies(NULL, root, NULL, (tt_loc){0}, path,
		                          &first, d);
		tt_policy_release(&first);
		break;
	}
	}
	if (!rc)
		rc = tt_diag_list_extend(notes, &s.notes);
	tt_scenario_release(&s);
	return rc;
}

tt_code tt_validate_file(const char *path, const char **what,
                         tt_diag_list *notes, tt_diag *d)
{
	bool yaml = ends_with(path, ".yaml") || ends_with(path, ".yml");
	if (!yaml && !ends_with(path, ".json"))
		return tt_diag_set(d, TT_EINVAL, (tt_loc){path, 0, 0},
		                   "cannot tell what kind of file this is "
		                   "(expected .json for a policy, .yaml or "
		                   ".yml for a scenario)");
	tt_doc doc = {NULL, path};
	tt_code rc = tt_aws_load_doc(path, &doc, d);
	if (rc) {
		/* A scenario that is not even YAML: let its loader say so. */
		if (!yaml)
			return rc;
		*what = "scenario";
		return validate_scenario(path, notes, d);
	}
	tt_aws_form form = tt_aws_detect(doc.root);
	if (yaml && form != TT_FORM_CLOUDFORMATION) {
		tt_doc_release(&doc);
		*what = "scenario";
		return validate_scenario(path, notes, d);
	}
	rc = validate_aws(path, form, doc.root, what, notes, d);
	tt_doc_release(&doc);
	return rc;
}
