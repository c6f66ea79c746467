/*
 * cli.h - the ttsim command's subcommands and shared helpers.
 *
 * main.c dispatches to the subcommands (cmd_*.c); what they share is in
 * cli.c (messages, options, --set, standard input) and interrupt.c
 * (outputs and spooled input that Ctrl-C must not leave behind).
 *
 * The CLI is the only code that prints, parses argv or exits.  Exit codes:
 * 0 success, 1 expectations failed, 2 bad usage or bad input, 3 internal
 * error (out of memory, a bug).
 */
#ifndef TTSIM_CLI_H
#define TTSIM_CLI_H

#include <getopt.h>
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
int tt_cmd_compare(int argc, char **argv);
int tt_cmd_calibrate(int argc, char **argv);

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
/*
 * "ttsim CMD: error: out of memory" on stderr (CMD NULL: "ttsim: ...");
 * returns TT_EXIT_INTERNAL.
 */
int tt_cli_nomem(const char *cmd);

int tt_cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/*
 * Options, the getopt_long way, with ttsim's messages.  Every subcommand
 * reads its argv through this, so every one has the same habits: `-oDIR`
 * and `-o DIR`, `--output=DIR` and `--output DIR`, short flags bundled
 * (`-qo DIR`), a unique prefix of a long option (`--out`), options and
 * operands in any order, and `--` ending the options (`-- -odd.yaml` is
 * a file).  `-` alone is an operand: standard input.
 *
 *     tt_cli_args a;
 *     tt_cli_args_init(&a, "run", argc, argv, "ho:q", longs);
 *     for (int c; (c = tt_cli_args_next(&a)) != TT_CLI_DONE;)
 *             switch (c) { case 'o': dir = a.arg; break; ...
 *                          case TT_CLI_OPERAND: ...; case TT_CLI_BAD: ... }
 *
 * `shorts` is getopt's list ("ho:q": -h, -o VALUE, -q); `longs` ends with
 * a zeroed entry, and a long option without a short one has a `val` of
 * TT_CLI_LONG or more.  Bad usage (an unknown or ambiguous option, a
 * value missing or given to a flag) is reported here as a usage error,
 * and next returns TT_CLI_BAD: the command returns TT_EXIT_INPUT.
 */
enum {
	TT_CLI_DONE = -1,   /* no more arguments */
	TT_CLI_BAD = -2,    /* bad usage, already reported */
	TT_CLI_OPERAND = 1, /* a.arg is an operand (a file, `-`) */
	TT_CLI_LONG = 256   /* first `val` free for long-only options */
};

typedef struct tt_cli_args {
	const char *cmd; /* "run", for messages */
	int argc;
	char **argv;
	const struct option *longs;
	char shorts[64];   /* "-:" + the command's list */
	bool options_done; /* after `--`: operands only */
	const char *arg;   /* the operand, or the option's value */
} tt_cli_args;

void tt_cli_args_init(tt_cli_args *a, const char *cmd, int argc, char **argv,
                      const char *shorts, const struct option *longs);
int tt_cli_args_next(tt_cli_args *a);

/*
 * Standard input, `-` on the command line.  It can be read once per
 * command, so each input that may be `-` is claimed: the second claim is
 * a usage error ("'-' (standard input) given twice"), returned as
 * TT_EXIT_INPUT; any other path returns 0 and claims nothing.
 */
#define TT_CLI_STDIN_NAME "<stdin>"
bool tt_cli_is_stdin(const char *path);
int tt_cli_claim_stdin(const char *cmd, const char *path, bool *claimed);

/*
 * Load the scenario of a command line: NULL is the built-in default,
 * `-` standard input, read whole, named "<stdin>" in messages, with
 * relative paths in it resolved against the current directory (it has
 * no directory of its own); anything else a file.  Overrides may be NULL.
 */
tt_code tt_cli_load_scenario(const char *path, const tt_overrides *ov,
                             tt_scenario *s, tt_diag *d);

/*
 * Standard input copied whole into a file, for a reader that takes a
 * path and reads it more than once (the plots count a timeline's lines
 * first).  The file is DIR/<stdin> in a fresh private directory, so a
 * picture that names its input by its base name says "<stdin>"; the
 * signal handlers of interrupt.c remove it like an output's temporary
 * file.  tt_cli_spool_name rewrites a diag about the copy to name
 * "<stdin>"; tt_cli_spool_remove removes both (accepts a zeroed spool).
 */
typedef struct tt_cli_spool {
	char dir[512];
	char path[512 + sizeof "/" TT_CLI_STDIN_NAME];
} tt_cli_spool;

tt_code tt_cli_spool_stdin(tt_cli_spool *sp, tt_diag *d);
void tt_cli_spool_name(const tt_cli_spool *sp, tt_diag *d);
void tt_cli_spool_remove(tt_cli_spool *sp);

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
/* mkdir -p DIR: TT_EIO with the reason when it cannot be made. */
tt_code tt_cli_make_dirs(const char *dir, tt_diag *d);

tt_code tt_cli_outfile_open(tt_outfile *o, const char *path, tt_diag *d);
tt_code tt_cli_outfile_commit(tt_outfile *o, tt_diag *d);
/* tt_outfile_commit_group with the signals held off until it is done. */
tt_code tt_cli_outfile_commit_group(tt_outfile *files, size_t n, tt_diag *d);
void tt_cli_outfile_abort(tt_outfile *o);

/*
 * `--jobs N` of a command that runs on threads: 1 to 1024, or every
 * online core when `text` is NULL.  A bad N is a usage error (returns
 * TT_EXIT_INPUT); else TT_EXIT_OK and *jobs.
 */
int tt_cli_jobs(const char *cmd, const char *text, unsigned *jobs);

/* The built-in default scenario (generated from scenarios/default.yaml). */
extern const char tt_cli_default_scenario[];
extern const size_t tt_cli_default_scenario_len;

#endif
