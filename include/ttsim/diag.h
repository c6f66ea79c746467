/*
 * diag.h - errors as values.
 *
 * Every fallible libttsim function returns a tt_code and, on failure, fills a
 * caller-owned tt_diag with the code, the place in the input it concerns and a
 * message.  The library never prints and never exits; the CLI turns a tt_diag
 * into "file:line:col: error: message" on stderr and an exit code.
 *
 * Codes come from one table (diag.c) that also yields their names and generic
 * messages, as libuv does with its error table.
 */
#ifndef TTSIM_DIAG_H
#define TTSIM_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The one list of codes: name, generic message, and what it means.  The
 * enum, the names and the messages are all generated from it (libuv's
 * UV_ERRNO_MAP idiom), so a code cannot exist without its name and text.
 */
#define TT_CODE_MAP(X)                                                         \
	/* zero, so `if (rc)` reads "failed" */                                \
	X(OK, "success")                                                       \
	X(ENOMEM, "out of memory")                                             \
	/* a file could not be read or written */                              \
	X(EIO, "input/output error")                                           \
	/* malformed JSON, YAML, CSV or HCL */                                 \
	X(ESYNTAX, "syntax error")                                             \
	/* well-formed, but not valid here */                                  \
	X(EINVAL, "invalid value")                                             \
	/* a number outside its allowed range */                               \
	X(ERANGE, "value out of range")                                        \
	/* valid for AWS, not (yet) simulated */                               \
	X(EUNSUPPORTED, "not supported")                                       \
	/* a bug in ttsim */                                                   \
	X(EINTERNAL, "internal error")

/* The one error enum.  TT_OK is zero so `if (rc)` reads as "failed". */
/* clang-format off */
typedef enum tt_code {
#define TT_CODE_ENUM_(name, message) TT_##name,
	TT_CODE_MAP(TT_CODE_ENUM_)
#undef TT_CODE_ENUM_
	TT_CODE_COUNT
} tt_code;
/* clang-format on */

/*
 * A place in an input file.  `file` points at a string owned by whoever
 * loaded the file (a scenario keeps the names of all files it read alive as
 * long as itself); line and col are 1-based, 0 when unknown.
 */
typedef struct tt_loc {
	const char *file;
	int line;
	int col;
} tt_loc;

/* Long enough for a message that lists every summary figure. */
#define TT_DIAG_MSG_MAX 1024
#define TT_DIAG_FILE_MAX 256

/*
 * How serious a diag is.  Errors stop the work; warnings ("3 periods
 * missing in the trace, replayed as zero traffic", "skipped a step-scaling
 * policy") and notes ("detected format: counts") are collected in a
 * tt_diag_list and shown, and the work goes on.  Zero is error, so a
 * zeroed diag is an error diag.
 */
typedef enum tt_severity {
	TT_SEV_ERROR = 0,
	TT_SEV_WARNING,
	TT_SEV_NOTE
} tt_severity;

/* A failure, warning or note: what and where.  Plain data. */
typedef struct tt_diag {
	tt_code code;
	tt_severity severity;
	char file
	        [TT_DIAG_FILE_MAX]; /* copied, so the diag outlives the input */
	int line;
	int col;
	char msg[TT_DIAG_MSG_MAX]; /* lowercase, no final period */
} tt_diag;

/* The code's symbolic name ("TT_EINVAL") and generic message. */
const char *tt_code_name(tt_code code);
const char *tt_code_message(tt_code code);

/*
 * Fill `d` (which may be NULL: then nothing is recorded) and return `code`,
 * so a failing path reads `return tt_diag_set(d, TT_EINVAL, loc, "...")`.
 * A NULL or empty loc.file leaves the place out of the formatted message.
 */
tt_code tt_diag_set(tt_diag *d, tt_code code, tt_loc loc, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 4, 5)))
#endif
        ;

/*
 * Out of memory, at `loc` (which may be {0}): the one way to say it.
 * Returns TT_ENOMEM.
 */
tt_code tt_diag_nomem(tt_diag *d, tt_loc loc);

/* Reset `d` to "no error". */
void tt_diag_clear(tt_diag *d);

/*
 * Write "file:line:col: error: message" (or the shorter forms when the place
 * is partly unknown; "warning:" or "note:" by severity) into buf, always
 * NUL-terminated.  Returns buf.
 */
char *tt_diag_format(const tt_diag *d, char *buf, size_t size);

/*
 * Text for a terminal: the `n` bytes of `s` with every control character
 * written as an escape, so that text from an input (a scenario's name, a
 * file name, a quoted value) cannot move the cursor, retitle the window or
 * rewrite an earlier line.  Escaped: the C0 controls and DEL (`\n`, `\r`,
 * `\t`, else `\x1b` and the like), the C1 controls as UTF-8 encodes them
 * (`\u009b`), and every byte that is not part of valid UTF-8 (`\xff`).
 * Printable ASCII and every other UTF-8 character are kept as they are, a
 * backslash included.
 *
 * Like snprintf: returns the length of the whole result (without the NUL)
 * and writes as much as fits into buf (size 0: nothing), never cutting an
 * escape or a character in two, always NUL-terminated.
 */
size_t tt_diag_escape(const char *s, size_t n, char *buf, size_t size);

/*
 * vfprintf to `f` with the whole result escaped as tt_diag_escape does,
 * except the format's own final newline, the one control character kept:
 * how every line for a terminal is written (the command's messages,
 * metric-check's text).  TT_ENOMEM when the text cannot be built; then
 * nothing is written.
 */
tt_code tt_diag_vfprintf(FILE *f, const char *fmt, va_list ap)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 0), nonnull(1, 2)))
#endif
        ;

/*
 * Warnings and notes gathered while loading or running, in the order they
 * were found.  Caller-owned: zero-initialise, release with
 * tt_diag_list_release.
 */
typedef struct tt_diag_list {
	tt_diag *items;
	size_t count;
	size_t cap;
} tt_diag_list;

/*
 * Append a warning or note.  A NULL list drops it.  Returns TT_ENOMEM when
 * the list cannot grow (the item is then lost, nothing else changes).
 */
tt_code tt_diag_list_add(tt_diag_list *l, tt_severity severity, tt_loc loc,
                         const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 4, 5)))
#endif
        ;

/* Append every item of `from` to `to`. */
tt_code tt_diag_list_extend(tt_diag_list *to, const tt_diag_list *from);

void tt_diag_list_release(tt_diag_list *l);

#endif
