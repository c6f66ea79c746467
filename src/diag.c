/*
 * diag.c - the error table and the tt_diag helpers.
 *
 * One table gives every code its name and generic message, so adding a code
 * is one line here and one in the enum.
 */
#include "ttsim/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	const char *message;
} code_table[TT_CODE_COUNT] = {
        [TT_OK] = {"TT_OK", "success"},
        [TT_ENOMEM] = {"TT_ENOMEM", "out of memory"},
        [TT_EIO] = {"TT_EIO", "input/output error"},
        [TT_ESYNTAX] = {"TT_ESYNTAX", "syntax error"},
        [TT_EINVAL] = {"TT_EINVAL", "invalid value"},
        [TT_ERANGE] = {"TT_ERANGE", "value out of range"},
        [TT_EUNSUPPORTED] = {"TT_EUNSUPPORTED", "not supported"},
        [TT_EINTERNAL] = {"TT_EINTERNAL", "internal error"},
};

const char *tt_code_name(tt_code code)
{
	if ((unsigned)code >= TT_CODE_COUNT)
		return "TT_EUNKNOWN";
	return code_table[code].name;
}

const char *tt_code_message(tt_code code)
{
	if ((unsigned)code >= TT_CODE_COUNT)
		return "unknown error";
	return code_table[code].message;
}

tt_code tt_diag_set(tt_diag *d, tt_code code, tt_loc loc, const char *fmt, ...)
{
	if (!d)
		return code;
	d->code = code;
	d->severity = TT_SEV_ERROR;
	d->file[0] = '\0';
	if (loc.file)
		snprintf(d->file, sizeof d->file, "%s", loc.file);
	d->line = loc.line;
	d->col = loc.col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	return code;
}

void tt_diag_clear(tt_diag *d)
{
	if (d)
		memset(d, 0, sizeof *d);
}

static const char *severity_name(tt_severity s)
{
	switch (s) {
	case TT_SEV_WARNING:
		return "warning";
	case TT_SEV_NOTE:
		return "note";
	case TT_SEV_ERROR:
		break;
	}
	return "error";
}

char *tt_diag_format(const tt_diag *d, char *buf, size_t size)
{
	const char *msg = d->msg[0] ? d->msg : tt_code_message(d->code);
	const char *sev = severity_name(d->severity);
	if (!d->file[0])
		snprintf(buf, size, "%s: %s", sev, msg);
	else if (d->line <= 0)
		snprintf(buf, size, "%s: %s: %s", d->file, sev, msg);
	else if (d->col <= 0)
		snprintf(buf, size, "%s:%d: %s: %s", d->file, d->line, sev,
		         msg);
	else
		snprintf(buf, size, "%s:%d:%d: %s: %s", d->file, d->line,
		         d->col, sev, msg);
	return buf;
}

static tt_diag *list_grow(tt_diag_list *l)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		tt_diag *items = realloc(l->items, cap * sizeof *items);
		if (!items)
			return NULL;
		l->items = items;
		l->cap = cap;
	}
	return &l->items[l->count++];
}

tt_code tt_diag_list_add(tt_diag_list *l, tt_severity severity, tt_loc loc,
                         const char *fmt, ...)
{
	if (!l)
		return TT_OK;
	tt_diag *d = list_grow(l);
	if (!d)
		return TT_ENOMEM;
	memset(d, 0, sizeof *d);
	d->severity = severity;
	if (loc.file)
		snprintf(d->file, sizeof d->file, "%s", loc.file);
	d->line = loc.line;
	d->col = loc.col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
	return TT_OK;
}

tt_code tt_diag_list_extend(tt_diag_list *to, const tt_diag_list *from)
{
	for (size_t i = 0; i < from->count; i++) {
		tt_diag *d = list_grow(to);
		if (!d)
			return TT_ENOMEM;
		*d = from->items[i];
	}
	return TT_OK;
}

void tt_diag_list_release(tt_diag_list *l)
{
	if (!l)
		return;
	free(l->items);
	memset(l, 0, sizeof *l);
}
