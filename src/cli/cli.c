/*
 * cli.c - what every subcommand of ttsim shares: messages for a person
 * (escaped, `file:line:col: error: ...`, usage errors), options read the
 * getopt_long way, `--set KEY=VALUE`, and standard input as `-`.
 *
 * The subcommands (cmd_*.c) use these and main.c only dispatches to them,
 * so the command reads one way: main → cmd_* → cli.c and interrupt.c.
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "node.h"

/* ---- messages ---- */

/* fmt formatted into a malloc'd string (*len bytes), or NULL. */
static char *format_alloc(size_t *len, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	*len = s ? (size_t)n : 0;
	return s;
}

void tt_cli_printf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tt_code rc = tt_diag_vfprintf(f, fmt, ap);
	va_end(ap);
	if (rc)
		tt_cli_nomem(NULL);
}

int tt_cli_fail(const tt_diag *d)
{
	char buf[TT_DIAG_MSG_MAX + TT_DIAG_FILE_MAX + 64];
	tt_cli_printf(stderr, "%s\n", tt_diag_format(d, buf, sizeof buf));
	if (d->code == TT_ENOMEM || d->code == TT_EINTERNAL)
		return TT_EXIT_INTERNAL;
	return TT_EXIT_INPUT;
}

void tt_cli_print_notes(const tt_diag_list *l)
{
	char buf[TT_DIAG_MSG_MAX + TT_DIAG_FILE_MAX + 64];
	for (size_t i = 0; i < l->count; i++)
		tt_cli_printf(stderr, "%s\n",
		              tt_diag_format(&l->items[i], buf, sizeof buf));
}

int tt_cli_nomem(const char *cmd)
{
	fprintf(stderr, "ttsim%s%s: error: %s\n", cmd ? " " : "",
	        cmd ? cmd : "", tt_code_message(TT_ENOMEM));
	return TT_EXIT_INTERNAL;
}

int tt_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	size_t len;
	va_list ap;
	va_start(ap, fmt);
	char *msg = format_alloc(&len, fmt, ap);
	va_end(ap);
	tt_cli_printf(stderr, "ttsim%s%s: error: %s\n", cmd ? " " : "",
	              cmd ? cmd : "", msg ? msg : tt_code_message(TT_ENOMEM));
	fprintf(stderr, "(see 'ttsim %s%s--help')\n", cmd ? cmd : "",
	        cmd ? " " : "");
	free(msg);
	return TT_EXIT_INPUT;
}

/* ---- options ---- */

void tt_cli_args_init(tt_cli_args *a, const char *cmd, int argc, char **argv,
                      const char *shorts, const struct option *longs)
{
	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	a->argc = argc;
	a->argv = argv;
	a->longs = longs;
	/*
	 * "-": operands come back in order as option 1, which also keeps the
	 * order whatever POSIXLY_CORRECT says (options may follow operands
	 * either way).  ":": a missing value is told apart from an unknown
	 * option.  getopt's own messages are off (opterr): ours name the
	 * subcommand and its --help.
	 */
	snprintf(a->shorts, sizeof a->shorts, "-:%s", shorts);
	opterr = 0;
	optind = 0; /* glibc: start afresh, reading the mode from shorts */
}

/* The long option `--NAME[=...]` names exactly (its entry), or NULL. */
static const struct option *long_named(const tt_cli_args *a, const char *arg,
                                       size_t *n_prefixed)
{
	const char *name = arg + 2;
	size_t len = strcspn(name, "=");
	const struct option *hit = NULL;
	*n_prefixed = 0;
	for (const struct option *o = a->longs; o && o->name; o++) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		if (strlen(o->name) == len)
			return o;
		++*n_prefixed;
		hit = o;
	}
	return *n_prefixed == 1 ? hit : NULL;
}

/*
 * Say what went wrong with the option getopt stopped at.  The argument it
 * was in is argv[optind - 1] for a long option; a short one is `optopt`,
 * wherever it sat in a bundle.
 */
static void bad_option(const tt_cli_args *a, int c)
{
	const char *arg =
	        optind > 0 && optind <= a->argc ? a->argv[optind - 1] : "";
	bool is_long = strncmp(arg, "--", 2) == 0 && arg[2] != '\0';
	size_t n_prefixed = 0;
	const struct option *o =
	        is_long ? long_named(a, arg, &n_prefixed) : NULL;
	int len = (int)strcspn(arg, "=");
	/* a short option getopt knows sets optopt; a long one may too (its
	 * val), so the argument decides which the user wrote */
	if (is_long && o && (optopt == 0 || optopt == o->val))
		tt_cli_usage_error(a->cmd,
		                   c == ':' ? "option '--%s' needs a value"
		                            : "option '--%s' takes no value",
		                   o->name);
	else if (is_long && optopt == 0)
		tt_cli_usage_error(a->cmd,
		                   n_prefixed > 1 ? "ambiguous option '%.*s'"
		                                  : "unknown option '%.*s'",
		                   len, arg);
	else if (c == ':')
		tt_cli_usage_error(a->cmd, "option '-%c' needs a value",
		                   optopt);
	else if (optopt > ' ' && optopt < 127)
		tt_cli_usage_error(a->cmd, "unknown option '-%c'", optopt);
	else
		tt_cli_usage_error(a->cmd, "unknown option '%s'", arg);
}

int tt_cli_args_next(tt_cli_args *a)
{
	a->arg = NULL;
	if (!a->options_done) {
		int c = getopt_long(a->argc, a->argv, a->shorts, a->longs,
		                    NULL);
		if (c == ':' || c == '?') {
			bad_option(a, c);
			return TT_CLI_BAD;
		}
		if (c != -1) {
			a->arg = optarg;
			return c == 1 ? TT_CLI_OPERAND : c;
		}
		/* the end, or `--`: optind is at the operands after it */
		a->options_done = true;
	}
	if (optind > 0 && optind < a->argc) {
		a->arg = a->argv[optind++];
		return TT_CLI_OPERAND;
	}
	return TT_CLI_DONE;
}

/* ---- --set KEY=VALUE ---- */

tt_code tt_cli_split_set(const char *arg, tt_override *out)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return TT_EINVAL;
	size_t kl = (size_t)(eq - arg);
	out->key = malloc(kl + 1);
	out->value = strdup(eq + 1);
	if (!out->key || !out->value) {
		free(out->key);
		free(out->value);
		out->key = out->value = NULL;
		return TT_ENOMEM;
	}
	memcpy(out->key, arg, kl);
	out->key[kl] = '\0';
	out->option = NULL;
	return TT_OK;
}

void tt_cli_free_sets(tt_overrides *ov)
{
	for (size_t i = 0; i < ov->n; i++) {
		free(ov->items[i].key);
		free(ov->items[i].value);
	}
	free(ov->items);
	ov->items = NULL;
	ov->n = 0;
}

/* ---- standard input ---- */

bool tt_cli_is_stdin(const char *path)
{
	return path && strcmp(path, "-") == 0;
}

int tt_cli_claim_stdin(const char *cmd, const char *path, bool *claimed)
{
	if (!tt_cli_is_stdin(path))
		return TT_EXIT_OK;
	/* a second read would find it empty, and say nothing of why */
	if (*claimed)
		return tt_cli_usage_error(cmd,
		                          "'-' (standard input) given twice");
	*claimed = true;
	return TT_EXIT_OK;
}

tt_code tt_cli_load_scenario(const char *path, const tt_overrides *ov,
                             tt_scenario *s, tt_diag *d)
{
	if (!path)
		return tt_scenario_load_text_with(
		        tt_cli_default_scenario, tt_cli_default_scenario_len,
		        "<built-in default>", NULL, ov, s, d);
	if (!tt_cli_is_stdin(path))
		return tt_scenario_load_file_with(path, ov, s, d);
	char *text;
	size_t len;
	tt_code rc = tt_read_fd(0, TT_CLI_STDIN_NAME, &text, &len, d);
	if (rc)
		return rc;
	/* dir NULL: a pipe has no directory; paths in it are the user's */
	rc = tt_scenario_load_text_with(text, len, TT_CLI_STDIN_NAME, NULL, ov,
	                                s, d);
	free(text);
	return rc;
}

/* mkdir -p: create DIR and its missing parents (run and compare). */
tt_code tt_cli_make_dirs(const char *dir, tt_diag *d)
{
	char *p = strdup(dir);
	if (!p)
		return tt_diag_nomem(d, (tt_loc){0});
	for (char *s = p + 1;; s++) {
		char c = *s;
		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			int err = errno;
			tt_diag_set(d, TT_EIO, (tt_loc){0},
			            "cannot create directory '%s': %s", p,
			            strerror(err));
			free(p);
			return TT_EIO;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return tt_diag_set(d, TT_EIO, (tt_loc){0},
		                   "'%s' is not a directory", dir);
	return TT_OK;
}

int tt_cli_jobs(const char *cmd, const char *text, unsigned *jobs)
{
	if (!text) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		*jobs = cores > 0 ? (unsigned)cores : 1;
		return TT_EXIT_OK;
	}
	char *end;
	errno = 0;
	unsigned long v = strtoul(text, &end, 10);
	if (!isdigit((unsigned char)text[0]) || errno || *end || v < 1 ||
	    v > 1024)
		return tt_cli_usage_error(cmd,
		                          "invalid --jobs '%s' (expected 1 to "
		                          "1024)",
		                          text);
	*jobs = (unsigned)v;
	return TT_EXIT_OK;
}
