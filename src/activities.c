/*
 * activities.c - describe-scaling-activities output, read into a history
 * of scaling activities sorted by time.
 *
 * What users have on disk is whatever the AWS CLI printed.  By default
 * the CLI follows NextToken itself and prints one object holding every
 * activity of the last six weeks; with --max-items it prints one page and
 * a NextToken, and a user who fetched the pages one by one keeps several
 * files.  Those are put together in one of two ways: `jq -s .` (a JSON
 * array of page objects) or `cat` (page objects one after another, which
 * is not one JSON document).  All three read the same here.
 *
 * The concatenated form is parsed page by page with the one JSON reader
 * (json_doc.c), on a copy of the text in which the pages already read are
 * blanked out (every byte but '\n' made a space), so every line and column
 * a message gives is the one in the user's file.
 *
 * The CLI lists activities newest first; a calibration walks them oldest
 * first, so the list is sorted by StartTime, ties in the reverse of file
 * order (the older of two activities started in the same microsecond is
 * the one the CLI printed second).
 */
#include "activities.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ttsim/simtime.h"

static const char *const status_names[] = {
        "Pending",     "InProgress", "Successful", "Overridden",
        "Unfulfilled", "Failed",     NULL};

const char *tt_activity_status_name(tt_activity_status status)
{
	if ((unsigned)status >= sizeof status_names / sizeof *status_names - 1)
		return "?";
	return status_names[status];
}

static const char *const page_keys[] = {"ScalingActivities", "NextToken", NULL};

static const char *const activity_keys[] = {"ActivityId",  "ServiceNamespace",
                                            "ResourceId",  "ScalableDimension",
                                            "Description", "Cause",
                                            "StartTime",   "EndTime",
                                            "StatusCode",  "StatusMessage",
                                            "Details",     "NotScaledReasons",
                                            NULL};

static const char *const reason_keys[] = {"Code", "CurrentCapacity",
                                          "MinCapacity", "MaxCapacity", NULL};

/* The latest time accepted: 9999-12-31T23:59:59Z, in epoch seconds. */
#define MAX_EPOCH_S 253402300799.0

bool tt_activities_detect(const tt_node *root)
{
	if (root && root->kind == TT_NODE_SEQ && root->u.seq.count > 0)
		root = root->u.seq.items[0];
	return root && root->kind == TT_NODE_MAP &&
	       tt_node_map_get(root, "ScalingActivities") != NULL;
}

/* ---- the target count in a Description ---- */

/* True when `hay` holds `needle`, ASCII letters compared without case. */
static bool has_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] && (hay[i] | 0x20) == (needle[i] | 0x20))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

int64_t tt_activity_target(const char *description)
{
	if (!description)
		return -1;
	/* a scheduled action's "Setting min capacity to 1 and max
	 * capacity to 10" changes bounds, not the count */
	if (has_nocase(description, "min capacity") ||
	    has_nocase(description, "max capacity"))
		return -1;
	size_t len = strlen(description);
	/* the text ends "to N" or "to N." */
	size_t end = len;
	if (end > 0 && description[end - 1] == '.')
		end--;
	size_t start = end;
	while (start > 0 && description[start - 1] >= '0' &&
	       description[start - 1] <= '9')
		start--;
	if (start == end || start < 4 ||
	    memcmp(description + start - 4, " to ", 4) != 0)
		return -1;
	int64_t v = 0;
	for (size_t i = start; i < end; i++) {
		v = v * 10 + (description[i] - '0');
		if (v > TT_ACTIVITY_MAX_CAPACITY)
			return -2;
	}
	return v;
}

/* ---- one activity ---- */

static char *dup_string(const tt_node *n)
{
	char *s = malloc(n->u.scalar.len + 1);
	if (s) {
		memcpy(s, n->u.scalar.text, n->u.scalar.len);
		s[n->u.scalar.len] = '\0';
	}
	return s;
}

/*
 * A string value (`key` in the activity map), copied into *out; absent
 * and optional: *out stays NULL.
 */
static tt_code read_string(const tt_node *map, const char *what,
                           const char *key, bool required, char **out,
                           tt_diag *d)
{
	const tt_node *n = tt_node_map_get(map, key);
	tt_code rc;
	const char *s;
	if (!n) {
		if (!required)
			return TT_OK;
		return tt_node_require(map, what, key, &n, d);
	}
	if ((rc = tt_node_string(n, key, &s, d)))
		return rc;
	if (!(*out = dup_string(n)))
		return tt_diag_nomem(d, n->loc);
	return TT_OK;
}

/* True when an ISO 8601 time ends in "Z" or an offset "+HH:MM". */
static bool has_offset(const char *s, size_t n)
{
	if (n > 0 && (s[n - 1] == 'Z' || s[n - 1] == 'z'))
		return true;
	return n >= 6 && (s[n - 6] == '+' || s[n - 6] == '-') &&
	       s[n - 3] == ':';
}

/*
 * StartTime or EndTime: ISO 8601 with an offset, as the AWS CLI v2
 * prints it ("2024-03-01T10:15:02.123000+00:00", "Z" too), or epoch
 * seconds as a number, as the API and older CLIs print it.
 */
static tt_code read_time(const tt_node *n, const char *key, int64_t *out,
                         tt_diag *d)
{
	if (n->kind == TT_NODE_SCALAR && n->u.scalar.kind == TT_SCALAR_NUMBER) {
		double s;
		tt_code rc = tt_node_number(n, key, &s, d);
		if (rc)
			return rc;
		if (!(s >= 0 && s <= MAX_EPOCH_S))
			return tt_diag_set(d, TT_ERANGE, n->loc,
			                   "'%s' must be between 0 and %.0f "
			                   "epoch seconds (9999-12-31), got %s",
			                   key, MAX_EPOCH_S, n->u.scalar.text);
		*out = (int64_t)llround(s * 1e6);
		return TT_OK;
	}
	if (n->kind != TT_NODE_SCALAR || n->u.scalar.kind != TT_SCALAR_STRING)
		return tt_diag_set(
		        d, TT_EINVAL, n->loc,
		        "expected a time for '%s' (ISO 8601 such as "
		        "'2024-03-01T10:15:02.123000+00:00', or epoch "
		        "seconds), got a %s",
		        key, tt_node_kind_name(n));
	/* the CLI always prints the offset; a time without one could be
	 * any zone's, so it is refused rather than guessed */
	if (!has_offset(n->u.scalar.text, n->u.scalar.len) ||
	    !tt_iso8601_parse(n->u.scalar.text, n->u.scalar.len, out)) {
		char shown[80];
		tt_diag_escape(n->u.scalar.text, n->u.scalar.len, shown,
		               sizeof shown);
		return tt_diag_set(
		        d, TT_EINVAL, n->loc,
		        "'%s' is not a time: '%s' (expected ISO 8601 "
		        "with an offset, such as "
		        "'2024-03-01T10:15:02.123000+00:00', or epoch "
		        "seconds)",
		        key, shown);
	}
	return TT_OK;
}

static void release_activity(tt_activity *a)
{
	free(a->activity_id);
	free(a->service_namespace);
	free(a->resource_id);
	free(a->dimension);
	free(a->description);
	free(a->cause);
	free(a->status_message);
	free(a->details);
	for (size_t i = 0; i < a->not_scaled_count; i++)
		free(a->not_scaled[i].code);
	free(a->not_scaled);
	memset(a, 0, sizeof *a);
}

static tt_code read_reasons(const tt_node *seq, const char *what,
                            tt_activity *a, tt_diag *d)
{
	char rw[96];
	tt_code rc;
	snprintf(rw, sizeof rw, "%.60s.NotScaledReasons", what);
	if ((rc = tt_node_expect_seq(seq, "NotScaledReasons", d)))
		return rc;
	if (seq->u.seq.count == 0)
		return TT_OK;
	a->not_scaled = calloc(seq->u.seq.count, sizeof *a->not_scaled);
	if (!a->not_scaled)
		return tt_diag_nomem(d, seq->loc);
	for (size_t i = 0; i < seq->u.seq.count; i++) {
		const tt_node *r = seq->u.seq.items[i];
		tt_not_scaled *ns = &a->not_scaled[i];
		char ew[128];
		snprintf(ew, sizeof ew, "%.96s[%zu]", rw, i);
		ns->current_capacity = ns->min_capacity = ns->max_capacity = -1;
		ns->loc = r->loc;
		a->not_scaled_count = i + 1;
		if ((rc = tt_node_expect_map(r, ew, d)) ||
		    (rc = tt_node_check_keys_hint(r, ew, reason_keys, d)) ||
		    (rc = read_string(r, ew, "Code", true, &ns->code, d)))
			return rc;
		static const char *const caps[] = {
		        "CurrentCapacity", "MinCapacity", "MaxCapacity"};
		int64_t *outs[] = {&ns->current_capacity, &ns->min_capacity,
		                   &ns->max_capacity};
		for (size_t k = 0; k < 3; k++) {
			const tt_node *c = tt_node_map_get(r, caps[k]);
			if (c && (rc = tt_node_int(c, caps[k], 0,
			                           TT_ACTIVITY_MAX_CAPACITY,
			                           outs[k], d)))
				return rc;
		}
	}
	return TT_OK;
}

static tt_code read_activity(const tt_node *n, const char *what, tt_activity *a,
                             tt_diag *d)
{
	tt_code rc;
	const tt_node *v;
	memset(a, 0, sizeof *a);
	a->target = -1;
	a->loc = n->loc;
	if ((rc = tt_node_expect_map(n, what, d)) ||
	    (rc = tt_node_check_keys_hint(n, what, activity_keys, d)) ||
	    (rc = read_string(n, what, "ActivityId", true, &a->activity_id,
	                      d)) ||
	    (rc = read_string(n, what, "ServiceNamespace", true,
	                      &a->service_namespace, d)) ||
	    (rc = read_string(n, what, "ResourceId", true, &a->resource_id,
	                      d)) ||
	    (rc = read_string(n, what, "ScalableDimension", true, &a->dimension,
	                      d)) ||
	    (rc = read_string(n, what, "Description", true, &a->description,
	                      d)) ||
	    (rc = read_string(n, what, "Cause", true, &a->cause, d)) ||
	    (rc = read_string(n, what, "StatusMessage", false,
	                      &a->status_message, d)) ||
	    (rc = read_string(n, what, "Details", false, &a->details, d)))
		return rc;
	a->resource_loc = tt_node_map_get(n, "ResourceId")->loc;
	a->dimension_loc = tt_node_map_get(n, "ScalableDimension")->loc;

	int status;
	if ((rc = tt_node_require(n, what, "StatusCode", &v, d)) ||
	    (rc = tt_node_enum_hint(v, "StatusCode", status_names, &status, d)))
		return rc;
	a->status = (tt_activity_status)status;

	if ((rc = tt_node_require(n, what, "StartTime", &v, d)) ||
	    (rc = read_time(v, "StartTime", &a->start_unix_us, d)))
		return rc;
	const tt_node *end = tt_node_map_get(n, "EndTime");
	if (end) {
		if ((rc = read_time(end, "EndTime", &a->end_unix_us, d)))
			return rc;
		if (a->end_unix_us < a->start_unix_us)
			return tt_diag_set(d, TT_EINVAL, end->loc,
			                   "'EndTime' is before 'StartTime' in "
			                   "'%s'",
			                   what);
		a->has_end = true;
	}

	a->target = tt_activity_target(a->description);
	if (a->target == -2)
		return tt_diag_set(d, TT_ERANGE,
		                   tt_node_map_get(n, "Description")->loc,
		                   "the count in 'Description' is larger than "
		                   "%lld",
		                   (long long)TT_ACTIVITY_MAX_CAPACITY);

	const tt_node *reasons = tt_node_map_get(n, "NotScaledReasons");
	if (reasons && (rc = read_reasons(reasons, what, a, d)))
		return rc;
	return TT_OK;
}

/* ---- pages ---- */

static tt_code push(tt_activity_list *l, size_t *cap, tt_activity *a,
                    tt_diag *d)
{
	if (l->count == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		tt_activity *p = realloc(l->items, nc * sizeof *p);
		if (!p)
			return tt_diag_nomem(d, a->loc);
		l->items = p;
		*cap = nc;
	}
	l->items[l->count++] = *a;
	memset(a, 0, sizeof *a);
	return TT_OK;
}

/* One page object: {"ScalingActivities": [...], "NextToken": "..."}. */
static tt_code read_page(const tt_node *page, const char *pwhat,
                         tt_activity_list *l, size_t *cap, tt_diag *d)
{
	tt_code rc;
	const tt_node *acts, *token;
	if ((rc = tt_node_expect_map(page, pwhat, d)) ||
	    (rc = tt_node_check_keys_hint(page, pwhat, page_keys, d)) ||
	    (rc = tt_node_require(page, pwhat, "ScalingActivities", &acts,
	                          d)) ||
	    (rc = tt_node_expect_seq(acts, "ScalingActivities", d)))
		return rc;
	token = tt_node_map_get(page, "NextToken");
	if (token) {
		const char *s;
		if ((rc = tt_node_string(token, "NextToken", &s, d)))
			return rc;
	}
	l->truncated = token != NULL;
	l->pages++;
	for (size_t i = 0; i < acts->u.seq.count; i++) {
		char what[64];
		tt_activity a;
		snprintf(what, sizeof what, "ScalingActivities[%zu]", i);
		rc = read_activity(acts->u.seq.items[i], what, &a, d);
		if (!rc)
			rc = push(l, cap, &a, d);
		if (rc) {
			release_activity(&a);
			return rc;
		}
	}
	return TT_OK;
}

/* The root of one document: a page, or an array of pages. */
static tt_code read_root(const tt_node *root, tt_activity_list *l, size_t *cap,
                         tt_diag *d)
{
	if (root->kind != TT_NODE_SEQ)
		return read_page(root, "describe-scaling-activities output", l,
		                 cap, d);
	if (root->u.seq.count == 0)
		return tt_diag_set(d, TT_EINVAL, root->loc,
		                   "an empty list: expected describe-scaling-"
		                   "activities output, {\"ScalingActivities\": "
		                   "[...]}, or a list of such pages");
	for (size_t i = 0; i < root->u.seq.count; i++) {
		char what[32];
		snprintf(what, sizeof what, "page %zu", i + 1);
		tt_code rc = read_page(root->u.seq.items[i], what, l, cap, d);
		if (rc)
			return rc;
	}
	return TT_OK;
}

/*
 * Where the JSON value opening at `pos` ('{' or '[') ends: one past its
 * closing bracket, or `len` when the text ends first (the JSON reader
 * then says what is wrong).  Strings are skipped with their escapes.
 */
static size_t value_end(const char *s, size_t len, size_t pos)
{
	int depth = 0;
	for (size_t i = pos; i < len; i++) {
		char c = s[i];
		if (c == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth == 0)
				return i + 1;
		}
	}
	return len;
}

static size_t skip_ws(const char *s, size_t len, size_t pos)
{
	while (pos < len && (s[pos] == ' ' || s[pos] == '\t' ||
	                     s[pos] == '\n' || s[pos] == '\r'))
		pos++;
	return pos;
}

/* Parse text[0, end) as one document and read its pages into l. */
static tt_code read_doc(const char *text, size_t end, const char *name,
                        tt_activity_list *l, size_t *cap, tt_diag *d)
{
	tt_doc doc = {NULL, name};
	tt_code rc = tt_doc_parse_json(text, end, name, &doc, d);
	if (rc)
		return rc;
	rc = read_root(doc.root, l, cap, d);
	tt_doc_release(&doc);
	return rc;
}

/* Oldest first; ties in the reverse of file order (see the header). */
typedef struct keyed {
	tt_activity a;
	size_t index;
} keyed;

static int by_time(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	if (a->a.start_unix_us != b->a.start_unix_us)
		return a->a.start_unix_us < b->a.start_unix_us ? -1 : 1;
	return a->index < b->index ? 1 : a->index > b->index ? -1 : 0;
}

static int by_id(const void *pa, const void *pb)
{
	const tt_activity *const *a = pa, *const *b = pb;
	int c = strcmp((*a)->activity_id, (*b)->activity_id);
	if (c)
		return c;
	/* the one written first, first */
	if ((*a)->loc.line != (*b)->loc.line)
		return (*a)->loc.line < (*b)->loc.line ? -1 : 1;
	return ((*a)->loc.col > (*b)->loc.col) -
	       ((*a)->loc.col < (*b)->loc.col);
}

/*
 * Sort oldest first, then refuse an activity listed twice (overlapping
 * pages): the history would count it twice.
 */
static tt_code sort_and_check(tt_activity_list *l, tt_diag *d)
{
	if (l->count < 2)
		return TT_OK;
	keyed *k = malloc(l->count * sizeof *k);
	const tt_activity **ids = malloc(l->count * sizeof *ids);
	if (!k || !ids) {
		free(k);
		free(ids);
		return tt_diag_nomem(d, (tt_loc){0});
	}
	for (size_t i = 0; i < l->count; i++) {
		k[i].a = l->items[i];
		k[i].index = i;
	}
	qsort(k, l->count, sizeof *k, by_time);
	for (size_t i = 0; i < l->count; i++)
		l->items[i] = k[i].a;
	free(k);
	for (size_t i = 0; i < l->count; i++)
		ids[i] = &l->items[i];
	qsort(ids, l->count, sizeof *ids, by_id);
	tt_code rc = TT_OK;
	for (size_t i = 1; i < l->count && !rc; i++)
		if (strcmp(ids[i]->activity_id, ids[i - 1]->activity_id) == 0) {
			char shown[80];
			tt_diag_escape(ids[i]->activity_id,
			               strlen(ids[i]->activity_id), shown,
			               sizeof shown);
			rc = tt_diag_set(
			        d, TT_EINVAL, ids[i]->loc,
			        "activity '%s' is listed twice (first at "
			        "line %d); are two pages overlapping?",
			        shown, ids[i - 1]->loc.line);
		}
	free(ids);
	return rc;
}

tt_code tt_activities_parse(const char *text, size_t len, const char *name,
                            tt_activity_list *out, tt_diag *d)
{
	tt_activity_list l = {0};
	size_t cap = 0, bom = 0;
	char *copy = NULL;
	tt_code rc = tt_doc_check_encoding(text, len, name, &bom, d);
	if (rc)
		return rc;
	size_t start = skip_ws(text, len, bom);
	size_t end = start < len && text[start] == '{'
	                     ? value_end(text, len, start)
	                     : len;
	size_t next = skip_ws(text, len, end);
	if (next >= len || text[next] != '{') {
		/* one document (or an error the JSON reader words) */
		rc = read_doc(text, len, name, &l, &cap, d);
		goto done;
	}
	/* page objects one after another */
	copy = malloc(len);
	if (!copy) {
		rc = tt_diag_nomem(d, (tt_loc){name, 0, 0});
		goto done;
	}
	memcpy(copy, text, len);
	for (;;) {
		rc = read_doc(copy, end, name, &l, &cap, d);
		if (rc)
			goto done;
		for (size_t i = bom; i < end; i++)
			if (copy[i] != '\n')
				copy[i] = ' ';
		start = skip_ws(copy, len, end);
		if (start >= len)
			break;
		/* a last value that is not an object: the reader words it */
		end = copy[start] == '{' ? value_end(copy, len, start) : len;
	}
done:
	free(copy);
	if (!rc)
		rc = sort_and_check(&l, d);
	if (rc) {
		tt_activity_list_release(&l);
		return rc;
	}
	*out = l;
	return TT_OK;
}

tt_code tt_activities_load(const char *path, tt_activity_list *out, tt_diag *d)
{
	char *text;
	size_t len;
	tt_code rc = tt_read_file(path, path, &text, &len, d);
	if (rc)
		return rc;
	rc = tt_activities_parse(text, len, path, out, d);
	free(text);
	return rc;
}

/* The activity written first in the file among those whose field
 * (`dimension`: ScalableDimension, else ResourceId) is not `want`. */
static const tt_activity *first_foreign(const tt_activity_list *l,
                                        const char *want, bool dimension)
{
	const tt_activity *first = NULL;
	for (size_t i = 0; i < l->count; i++) {
		const tt_activity *a = &l->items[i];
		const char *got = dimension ? a->dimension : a->resource_id;
		tt_loc at = dimension ? a->dimension_loc : a->resource_loc;
		if (strcmp(got, want) == 0)
			continue;
		tt_loc fl = first ? (dimension ? first->dimension_loc
		                               : first->resource_loc)
		                  : at;
		if (!first || at.line < fl.line ||
		    (at.line == fl.line && at.col < fl.col))
			first = a;
	}
	return first;
}

tt_code tt_activities_check_resource(const tt_activity_list *l,
                                     const char *resource_id,
                                     const char *dimension, tt_diag *d)
{
	char got[160], want[160];
	const tt_activity *a = first_foreign(l, resource_id, false);
	if (a) {
		tt_diag_escape(a->resource_id, strlen(a->resource_id), got,
		               sizeof got);
		tt_diag_escape(resource_id, strlen(resource_id), want,
		               sizeof want);
		return tt_diag_set(d, TT_EINVAL, a->resource_loc,
		                   "ResourceId '%s' is not the scenario's "
		                   "resource '%s' (fetch the history with "
		                   "--resource-id %s)",
		                   got, want, want);
	}
	a = dimension ? first_foreign(l, dimension, true) : NULL;
	if (a) {
		tt_diag_escape(a->dimension, strlen(a->dimension), got,
		               sizeof got);
		tt_diag_escape(dimension, strlen(dimension), want, sizeof want);
		return tt_diag_set(d, TT_EINVAL, a->dimension_loc,
		                   "ScalableDimension '%s' is not the "
		                   "scenario's '%s' (fetch the history with "
		                   "--scalable-dimension %s)",
		                   got, want, want);
	}
	return TT_OK;
}

void tt_activity_list_release(tt_activity_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++)
		release_activity(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}
