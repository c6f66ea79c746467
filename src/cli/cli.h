/*
 * cli.h - the ttsim command's subcommands and shared helpers.
 *
 * The CLI is the only code that prints, parses argv or exits.  Exit codes:
 * 0 success, 1 expectations failed, 2 bad usage or bad input, 3 internal
 * error (out of memory, a bug).
 */
#ifndef TTSIM_CLI_H
#define TTSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ttsim/diag.h"
#include "ttsim/outfile.h"
#include "ttsim/scenario.h"

enum {
	TT_EXIT_OK = 0,
	TT_EXIT_EXPECT = 1,
	TT_EXIT_INPUT = 2,
	TT_EXIT_INTERNAL = 3
};

int tt_cmd_run(int argc, char **argv);
int tt_cmd_validate(int argc, char **argv);
int tt_cmd_metric_check(int argc, char **argv);
int tt_cmd_check(int argc, char **argv);
int tt_cmd_sweep(int argc, char **argv);
int tt_cmd_merge(int argc, char **argv);
int tt_cmd_plot(int argc, char **argv);

/*
 * fprintf for what a person reads: the formatted text with every control
 * character escaped (tt_diag_escape: `\x1b`, `\r`, ...), except the
 * newline that ends `fmt`, if it does.  Every line the command prints
 * that can hold text from an input or the command line (messages, names,
 * paths, summaries) goes through it, so that text cannot drive the
 * terminal.  Output files keep their own escaping and are not written
 * with it.
 */
void tt_cli_printf(FILE *f, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* Print "file:line:col: error: msg" to stderr; return the exit code. */
int tt_cli_fail(const tt_diag *d);

/* Print each warning and note of a list on stderr, one per line. */
void tt_cli_print_notes(const tt_diag_list *l);

/* Print "ttsim: error: msg" (usage problems) and return 2. */
int tt_cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/*
 * A small argv scanner: `--name value`, `--name=value`, `-x value`.
 * Returns true and sets *value when argv[*i] is option `long_name` (or
 * `short_name`, which may be NULL), advancing *i past its value.  Sets
 * *missing when the value is absent.
 */
bool tt_cli_option(int argc, char **argv, int *i, const char *long_name,
                   const char *short_name, const char **value, bool *missing);

/*
 * `--set KEY=VALUE`: split at the first '=' into malloc'd copies in *out.
 * TT_EINVAL when there is no '=' or KEY is empty (nothing allocated),
 * TT_ENOMEM.  Free with tt_cli_free_sets.
 */
tt_code tt_cli_split_set(const char *arg, tt_override *out);

/* Free the keys, values and array of overrides made by tt_cli_split_set. */
void tt_cli_free_sets(tt_overrides *ov);

/*
 * Install the SIGINT and SIGTERM handlers of interrupt.c: they remove the
 * temporary files of the outputs opened with tt_cli_outfile_open, then
 * let the signal kill the process.  A signal the shell started ignored
 * (SIGINT in a background job) stays ignored.  Call once, first thing.
 */
void tt_cli_interrupt_install(void);

/*
 * tt_outfile_open, _commit and _abort (outfile.h), and the temporary file
 * is removed if SIGINT or SIGTERM arrives while it is open.  The outfile
 * must stay at the same address until committed or aborted; up to 8 are
 * tracked at once (more are written all the same, untracked).  Every
 * command opens its outputs through these.
 */
tt_code tt_cli_outfile_open(tt_outfile *o, const char *path, tt_diag *d);
tt_code tt_cli_outfile_commit(tt_outfile *o, tt_diag *d);
/* tt_outfile_commit_group with the signals held off until it is done. */
tt_code tt_cli_outfile_commit_group(tt_outfile *files, size_t n, tt_diag *d);
void tt_cli_outfile_abort(tt_outfile *o);

/* The built-in default scenario (generated from scenarios/default.yaml). */
extern const char tt_cli_default_scenario[];
extern const size_t tt_cli_default_scenario_len;

#endif
