/*
 * validate.c - tell what an input is and load it as a run would.
 *
 * Each input is read once, whole, and everything after works on that
 * text: telling its kind, then loading it.  Reading a file twice would
 * hang on a FIFO and miss standard input, and two reads of a file being
 * rewritten could disagree.
 *
 * A scenario is loaded with its policy files, then its workload is read to
 * the end (or to the scenario's duration), so a bad row deep in a trace is
 * reported now rather than hours into a run.  AWS files are loaded the way
 * a scenario would load them, into a scratch scenario, and a Kubernetes
 * manifest's HPAs and ScaledObjects the way the HPA and KEDA controllers
 * read theirs.
 */
#include "ttsim/validate.h"

#include <stdlib.h>
#include <string.h>

#include "activities.h"
#include "alarm_def.h"
#include "aws_forms.h"
#include "hcl.h"
#include "hpa_config.h"
#include "node.h"
#include "scenario_values.h"
#include "ttsim/scenario.h"
#include "ttsim/drawn_duration.h"
#include "ttsim/fmt.h"
#include "ttsim/workload.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * What an input holds: its content says (tt_doc_sniff), except that a
 * .json name means JSON, so a broken policy file gets the JSON reader's
 * message rather than a scenario's.
 */
static tt_doc_kind kind_of(const char *text, size_t len, const char *name)
{
	if (ends_with(name, ".json"))
		return TT_DOC_JSON;
	return tt_doc_sniff(text, len, name);
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
		tt_drawn_sampler sv;
		rc = tt_drawn_sampler_init(&sv, &s->service, s->seed,
		                           TT_RNG_SERVICE, names, n, d);
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

static tt_code validate_scenario(const char *text, size_t len, const char *name,
                                 const char *dir, tt_diag_list *notes,
                                 tt_diag *d)
{
	tt_scenario s;
	tt_code rc = tt_scenario_load_text(text, len, name, dir, &s, d);
	if (rc)
		return rc;
	rc = tt_diag_list_extend(notes, &s.notes);
	if (!rc)
		rc = drain_workload(&s, notes, d);
	tt_scenario_release(&s);
	return rc;
}

/* An AWS document, loaded into a scratch scenario as a scenario would. */
static tt_code validate_aws(const char *name, tt_aws_form form, tt_node *root,
                            const char **what, tt_diag_list *notes, tt_diag *d)
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
		rc = tt_aws_read_register(&s, root, name, &cap, d);
		break;
	case TT_FORM_CLOUDFORMATION:
		*what = "CloudFormation template";
		rc = tt_cfn_validate(root, notes, d);
		break;
	case TT_FORM_ALARM: {
		/* every alarm of the file checked, as a scenario would read
		 * the one it names */
		tt_alarm_def *alarms;
		size_t n;
		*what = "alarm";
		rc = tt_alarm_def_read_all(root, notes, &alarms, &n, d);
		for (size_t i = 0; !rc && i < n; i++)
			rc = tt_diag_list_add(
			        notes, TT_SEV_NOTE, alarms[i].name_loc,
			        "alarm '%s' on %s %s invokes what a scenario "
			        "gives it with: 'policies: [{file: POLICY, "
			        "alarm: {file: FILE%s}}]'",
			        alarms[i].name, alarms[i].namespace_,
			        alarms[i].metric_name,
			        n > 1 ? ", name: ALARM" : "");
		for (size_t i = 0; i < n; i++)
			tt_alarm_def_release(&alarms[i]);
		free(alarms);
		break;
	}
	default: {
		tt_policy first;
		size_t n_step;
		memset(&first, 0, sizeof first);
		/* the readers' warnings (a MinAdjustmentMagnitude that does
		 * not apply) go where a scenario's would, and are shown as
		 * its are: only when the file is good */
		rc = tt_aws_check_policies(root, NULL, (tt_loc){0}, name,
		                           &first, &n_step, &s.notes, d);
		*what = first.name || !n_step ? "policy" : "step scaling policy";
		tt_policy_release(&first);
		/* a step policy does nothing without the alarm that invokes
		 * it, which is another file */
		if (!rc && n_step)
			rc = tt_diag_list_add(
			        &s.notes, TT_SEV_NOTE, root->loc,
			        "%zu step scaling %s: a scenario gives each the "
			        "alarm that invokes it ('alarm: {file: FILE}' "
			        "beside the policy)",
			        n_step, n_step == 1 ? "policy" : "policies");
		break;
	}
	}
	if (!rc)
		rc = tt_diag_list_extend(notes, &s.notes);
	tt_scenario_release(&s);
	return rc;
}

/*
 * A Terraform file alone: its syntax, and a note naming the scalable
 * targets and policies a scenario's `terraform:` would read (their values
 * may need the scenario's variables, so they are not evaluated here).
 */
static tt_code validate_terraform(const char *text, size_t len,
                                  const char *name, const char **what,
                                  tt_diag_list *notes, tt_diag *d)
{
	static const char *const types[] = {"aws_appautoscaling_target",
	                                    "aws_appautoscaling_policy"};
	tt_doc doc = {NULL, name};
	tt_code rc = tt_doc_parse_hcl(text, len, name, &doc, d);
	*what = "Terraform file";
	if (rc)
		return rc;
	const tt_node *res = tt_node_map_get(doc.root, "resource");
	size_t count[2] = {0, 0};
	for (size_t i = 0; i < 2; i++) {
		const tt_node *m = tt_node_map_get(res, types[i]);
		count[i] = m && m->kind == TT_NODE_MAP ? m->u.map.count : 0;
	}
	if (count[0] + count[1])
		rc = tt_diag_list_add(
		        notes, TT_SEV_NOTE, (tt_loc){name, 0, 0},
		        "%zu scalable %s and %zu scaling %s; a scenario reads "
		        "them with 'terraform: {files: [...]}'",
		        count[0], count[0] == 1 ? "target" : "targets",
		        count[1], count[1] == 1 ? "policy" : "policies");
	tt_doc_release(&doc);
	return rc;
}

/*
 * A Kubernetes manifest alone: every HorizontalPodAutoscaler and KEDA
 * ScaledObject it holds, read as a scenario would read it, each with a
 * note saying how a scenario runs it; the file's other objects (the
 * Deployment beside them) are not ttsim's to check.
 */
static tt_code validate_manifest(const char *text, size_t len,
                                 const char *name, const char **what,
                                 tt_diag_list *notes, tt_diag *d)
{
	size_t n_hpa = 0, n_so = 0;
	tt_diag_list mine = {0};
	*what = "Kubernetes manifest";
	tt_code rc = tt_hpa_config_check(text, len, name, &mine, &n_hpa, d);
	if (!rc)
		rc = tt_keda_config_check(text, len, name, &mine, &n_so, d);
	if (!rc && n_hpa + n_so == 0)
		rc = tt_diag_set(d, TT_EINVAL, (tt_loc){name, 1, 1},
		                 "this Kubernetes manifest holds no "
		                 "HorizontalPodAutoscaler or KEDA "
		                 "ScaledObject, the objects ttsim simulates");
	/* the notes, as a scenario's, only for a good file */
	if (!rc)
		rc = tt_diag_list_extend(notes, &mine);
	tt_diag_list_release(&mine);
	return rc;
}

/*
 * True when JSON text starts as describe-scaling-activities output does,
 * `{"ScalingActivities"` (or `[{"ScalingActivities"`, pages put together
 * by jq): the form of several pages one after another is not one JSON
 * document, so it is told before the JSON reader sees it.
 */
static bool looks_like_activities(const char *text, size_t len)
{
	static const char key[] = "\"ScalingActivities\"";
	size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	bool bracket = false, brace = false;
	for (; i < len; i++) {
		char c = text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '[' && !bracket && !brace)
			bracket = true;
		else if (c == '{' && !brace)
			brace = true;
		else
			break;
	}
	return brace && len - i >= sizeof key - 1 &&
	       memcmp(text + i, key, sizeof key - 1) == 0;
}

static int64_t floor_s(int64_t us)
{
	return us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
}

/*
 * A scaling-activity history: read as `ttsim calibrate` reads it, with a
 * note of what it holds.
 */
static tt_code validate_activities(const char *text, size_t len,
                                   const char *name, const char **what,
                                   tt_diag_list *notes, tt_diag *d)
{
	tt_activity_list l;
	*what = "scaling activities";
	tt_code rc = tt_activities_parse(text, len, name, &l, d);
	if (rc)
		return rc;
	size_t not_scaled = 0;
	for (size_t i = 0; i < l.count; i++)
		not_scaled += l.items[i].not_scaled_count > 0;
	if (l.count) {
		char from[TT_FMT_BUF], to[TT_FMT_BUF];
		/* to the second: a note, not a record */
		tt_fmt_iso8601(floor_s(l.items[0].start_unix_us), from);
		tt_fmt_iso8601(floor_s(l.items[l.count - 1].start_unix_us), to);
		rc = tt_diag_list_add(
		        notes, TT_SEV_NOTE, (tt_loc){name, 0, 0},
		        "%zu scaling %s (%zu not scaled) in %zu %s, from %s "
		        "to %s%s",
		        l.count, l.count == 1 ? "activity" : "activities",
		        not_scaled, l.pages, l.pages == 1 ? "page" : "pages",
		        from, to,
		        l.truncated ? "; the last page has a NextToken: "
		                      "more activities were not fetched"
		                    : "");
	}
	tt_activity_list_release(&l);
	return rc;
}

/* The text of an input, of the kind its content (or .json name) says. */
static tt_code validate(const char *text, size_t len, const char *name,
                        const char *dir, const char **what, tt_diag_list *notes,
                        tt_diag *d)
{
	tt_doc_kind kind = kind_of(text, len, name);
	if (kind == TT_DOC_HCL)
		return validate_terraform(text, len, name, what, notes, d);
	if (tt_k8s_is_manifest(text, len, name))
		return validate_manifest(text, len, name, what, notes, d);
	bool yaml = kind == TT_DOC_YAML;
	if (!yaml && looks_like_activities(text, len))
		return validate_activities(text, len, name, what, notes, d);
	/* Tags kept: a template given as a policy gets a clear message. */
	tt_doc doc = {NULL, name};
	tt_code rc = yaml ? tt_doc_parse_yaml_tags(text, len, name, &doc, d)
	                  : tt_doc_parse_json(text, len, name, &doc, d);
	if (rc) {
		/* A scenario that is not even YAML: let its loader say so. */
		if (!yaml)
			return rc;
		*what = "scenario";
		return validate_scenario(text, len, name, dir, notes, d);
	}
	if (!yaml && tt_activities_detect(doc.root)) {
		tt_doc_release(&doc);
		return validate_activities(text, len, name, what, notes, d);
	}
	tt_aws_form form = tt_aws_detect(doc.root);
	if (yaml && form != TT_FORM_CLOUDFORMATION) {
		tt_doc_release(&doc);
		*what = "scenario";
		return validate_scenario(text, len, name, dir, notes, d);
	}
	rc = validate_aws(name, form, doc.root, what, notes, d);
	tt_doc_release(&doc);
	return rc;
}

tt_code tt_validate_text(const char *text, size_t len, const char *name,
                         const char *dir, const char **what,
                         tt_diag_list *notes, tt_diag *d)
{
	return validate(text, len, name, dir, what, notes, d);
}

tt_code tt_validate_file(const char *path, const char **what,
                         tt_diag_list *notes, tt_diag *d)
{
	char *text, *dir;
	size_t len;
	bool failed;
	tt_code rc = tt_read_file(path, path, &text, &len, d);
	if (rc)
		return rc;
	dir = tt_sv_dir_of(path, &failed);
	if (failed)
		rc = tt_diag_nomem(d, (tt_loc){path, 0, 0});
	else
		rc = validate(text, len, path, dir, what, notes, d);
	free(dir);
	free(text);
	return rc;
}
