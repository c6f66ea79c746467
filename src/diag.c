/*
 * diag.c - the error table and the tt_diag helpers.
 *
 * The code table is generated from TT_CODE_MAP (diag.h), the same list the
 * enum comes from, so adding a code is one line there.
 */
#include "ttsim/diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	const char *message;
} code_table[TT_CODE_COUNT] = {
#define CODE_ENTRY(name, message) [TT_##name] = {"TT_" #name, message},
        TT_CODE_MAP(CODE_ENTRY)
#undef CODE_ENTRY
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

tt_code tt_diag_nomem(tt_diag *d, tt_loc loc)
{
	return tt_diag_set(d, TT_ENOMEM, loc, "%s", tt_code_message(TT_ENOMEM));
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

/*
 * Bytes of the valid UTF-8 sequence at u (n > 0 bytes left), or 0 when u
 * does not start one: a stray continuation byte, an overlong form, a
 * surrogate, a code point past U+10FFFF or a sequence cut short.
 */
static size_t utf8_len(const unsigned char *u, size_t n)
{
	size_t len;
	unsigned long cp;
	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		len = 2;
		cp = u[0] & 0x1Fu;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3;
		cp = u[0] & 0x0Fu;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		len = 4;
		cp = u[0] & 0x07u;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (u[i] & 0x3Fu);
	}
	if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
		return 0;
	if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))
		return 0;
	return len;
}

size_t tt_diag_escape(const char *s, size_t n, char *buf, size_t size)
{
	size_t out = 0, kept = 0; /* the whole result; what buf holds */
	bool full = false;
	for (size_t i = 0; i < n;) {
		const unsigned char *u = (const unsigned char *)s + i;
		size_t len = utf8_len(u, n - i);
		char esc[8];
		const char *piece = esc;
		size_t piece_len;
		if (len == 0 || (len == 1 && (u[0] < 0x20 || u[0] == 0x7F))) {
			/* a control character or a byte that is not UTF-8 */
			const char *named = u[0] == '\n'   ? "\\n"
			                    : u[0] == '\r' ? "\\r"
			                    : u[0] == '\t' ? "\\t"
			                                   : NULL;
			if (named)
				snprintf(esc, sizeof esc, "%s", named);
			else
				snprintf(esc, sizeof esc, "\\x%02x", u[0]);
			piece_len = strlen(esc);
			len = 1;
		} else if (len == 2 && u[0] == 0xC2 && u[1] < 0xA0) {
			/* U+0080 to U+009F: the C1 controls (CSI, OSC, ...) */
			snprintf(esc, sizeof esc, "\\u%04x", u[1]);
			piece_len = 6;
		} else {
			piece = s + i;
			piece_len = len;
		}
		/* Once a piece does not fit, nothing after it is written. */
		if (!full && out + piece_len < size) {
			memcpy(buf + out, piece, piece_len);
			kept = out + piece_len;
		} else {
			full = true;
		}
		out += piece_len;
		i += len;
	}
	if (size > 0)
		buf[kept] = '\0';
	return out;
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

tt_code tt_diag_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int len = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	char *text = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (!text)
		return TT_ENOMEM;
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	size_t n = (size_t)len, flen = strlen(fmt);
	bool newline = flen > 0 && fmt[flen - 1] == '\n';
	if (newline && n > 0)
		n--;
	size_t m = tt_diag_escape(text, n, NULL, 0);
	char *safe = malloc(m + 1);
	if (!safe) {
		free(text);
		return TT_ENOMEM;
	}
	tt_diag_escape(text, n, safe, m + 1);
	fwrite(safe, 1, m, f);
	if (newline)
		fputc('\n', f);
	free(safe);
	free(text);
	return TT_OK;
}
