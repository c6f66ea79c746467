/*
 * interrupt.c - Ctrl-C and kill leave no temporary file behind.
 *
 * Every output is written under a temporary name and renamed into place
 * on commit (outfile.h), so an interrupted command cannot have touched a
 * previous output; what it can leave is the temporary file itself.  The
 * commands open their outputs through tt_cli_outfile_open, which records
 * the temporary path in a slot here; SIGINT and SIGTERM unlink every
 * recorded path (unlink is async-signal-safe) and then die of the same
 * signal with its default action, so the parent sees "killed by SIGINT"
 * (130 from a shell), not an exit code.
 *
 * This is the one piece of mutable global state in ttsim: a signal
 * handler can reach nothing else.  It lives in the command, never in the
 * library.  The paths are copied into fixed buffers (the handler must not
 * follow a pointer to memory that free() may be returning), and a slot is
 * published by setting its flag after the path is in place.  Opening,
 * committing and aborting run with the two signals blocked, so a signal
 * sees each file either registered or already renamed or removed.
 *
 * Standard input copied to a file for the plots (tt_cli_spool_stdin) is
 * tracked the same way: its file and its private directory take a slot
 * each, and the handler removes files first, then directories.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SLOTS = 8, SLOT_PATH_MAX = 4096 };

static char slot_path[SLOTS][SLOT_PATH_MAX];
static const void *slot_owner[SLOTS]; /* an outfile, or a spool */
static volatile sig_atomic_t slot_used[SLOTS];

static void on_signal(int sig)
{
	for (int i = 0; i < SLOTS; i++)
		if (slot_used[i])
			unlink(slot_path[i]);
	/* a spool's directory, empty now (rmdir fails harmlessly on a
	 * file's slot) */
	for (int i = 0; i < SLOTS; i++)
		if (slot_used[i])
			rmdir(slot_path[i]);
	/* SA_RESETHAND restored the default action; the signal is blocked
	 * while this runs and is delivered as soon as it returns. */
	raise(sig);
}

void tt_cli_interrupt_install(void)
{
	const int sigs[] = {SIGINT, SIGTERM};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old, sa;
		/* A shell starts background jobs with SIGINT ignored; keep
		 * it that way, as every well-behaved command does. */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESETHAND;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* Block SIGINT and SIGTERM in this thread; the old mask into *old. */
static void block(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void unblock(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Forget the slots of `o`, if it has any.  Signals blocked by the caller. */
static void forget(const void *o)
{
	for (int i = 0; i < SLOTS; i++)
		if (slot_used[i] && slot_owner[i] == o) {
			slot_used[i] = 0;
			slot_owner[i] = NULL;
		}
}

/*
 * Give `path` a slot owned by `owner`.  Signals blocked by the caller.  No
 * free slot: the file is written all the same, only an interrupt could
 * leave it behind.
 */
static void remember(const void *owner, const char *path)
{
	size_t n = strlen(path);
	for (int i = 0; i < SLOTS && n < SLOT_PATH_MAX; i++) {
		if (slot_used[i])
			continue;
		memcpy(slot_path[i], path, n + 1);
		slot_owner[i] = owner;
		slot_used[i] = 1;
		break;
	}
}

tt_code tt_cli_outfile_open(tt_outfile *o, const char *path, tt_diag *d)
{
	sigset_t old;
	block(&old);
	tt_code rc = tt_outfile_open(o, path, d);
	if (!rc && o->tmp_path)
		remember(o, o->tmp_path);
	unblock(&old);
	return rc;
}

/*
 * The signals stay blocked across the whole group, so Ctrl-C cannot fall
 * between two renames: it is delivered after the last one, when every
 * file of the group is in place.
 */
tt_code tt_cli_outfile_commit_group(tt_outfile *files, size_t n, tt_diag *d)
{
	sigset_t old;
	block(&old);
	tt_code rc = tt_outfile_commit_group(files, n, d);
	for (size_t i = 0; i < n; i++)
		forget(&files[i]);
	unblock(&old);
	return rc;
}

tt_code tt_cli_outfile_commit(tt_outfile *o, tt_diag *d)
{
	return tt_cli_outfile_commit_group(o, 1, d);
}

void tt_cli_outfile_abort(tt_outfile *o)
{
	sigset_t old;
	block(&old);
	tt_outfile_abort(o);
	forget(o);
	unblock(&old);
}

/* ---- standard input spooled to a file ---- */

/* Copy standard input to `fd` until its end. */
static tt_code copy_stdin(int fd, const char *path, tt_diag *d)
{
	char buf[65536];
	tt_loc where = {TT_CLI_STDIN_NAME, 0, 0};
	for (;;) {
		ssize_t got = read(0, buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return tt_diag_set(d, TT_EIO, where,
			                   "cannot read standard input: %s",
			                   strerror(errno));
		if (got == 0)
			return TT_OK;
		for (ssize_t off = 0; off < got;) {
			ssize_t put = write(fd, buf + off, (size_t)(got - off));
			if (put < 0 && errno == EINTR)
				continue;
			if (put < 0)
				return tt_diag_set(d, TT_EIO, where,
				                   "cannot copy standard input "
				                   "to '%s': %s",
				                   path, strerror(errno));
			off += put;
		}
	}
}

tt_code tt_cli_spool_stdin(tt_cli_spool *sp, tt_diag *d)
{
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	memset(sp, 0, sizeof *sp);
	int n = snprintf(sp->dir, sizeof sp->dir, "%s/ttsim-stdin.XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof sp->dir) {
		sp->dir[0] = '\0';
		return tt_diag_set(d, TT_EIO, (tt_loc){TT_CLI_STDIN_NAME, 0, 0},
		                   "TMPDIR is too long to copy standard "
		                   "input into");
	}
	sigset_t old;
	block(&old);
	if (!mkdtemp(sp->dir)) {
		int err = errno;
		unblock(&old);
		tt_diag_set(d, TT_EIO, (tt_loc){TT_CLI_STDIN_NAME, 0, 0},
		            "cannot make a directory in '%s' to copy standard "
		            "input into: %s",
		            tmp, strerror(err));
		sp->dir[0] = '\0';
		return TT_EIO;
	}
	remember(sp, sp->dir);
	snprintf(sp->path, sizeof sp->path, "%s/%s", sp->dir,
	         TT_CLI_STDIN_NAME);
	int fd = open(sp->path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	int err = errno;
	if (fd >= 0)
		remember(sp, sp->path);
	unblock(&old);
	if (fd < 0)
		return tt_diag_set(d, TT_EIO, (tt_loc){TT_CLI_STDIN_NAME, 0, 0},
		                   "cannot create '%s': %s", sp->path,
		                   strerror(err));
	tt_code rc = copy_stdin(fd, sp->path, d);
	if (close(fd) != 0 && !rc)
		rc = tt_diag_set(d, TT_EIO, (tt_loc){TT_CLI_STDIN_NAME, 0, 0},
		                 "cannot copy standard input to '%s': %s",
		                 sp->path, strerror(errno));
	return rc;
}

void tt_cli_spool_name(const tt_cli_spool *sp, tt_diag *d)
{
	/* the reader named the copy; the user gave `-` */
	if (sp->path[0] && strcmp(d->file, sp->path) == 0)
		snprintf(d->file, sizeof d->file, "%s", TT_CLI_STDIN_NAME);
}

void tt_cli_spool_remove(tt_cli_spool *sp)
{
	if (!sp->dir[0])
		return;
	sigset_t old;
	block(&old);
	if (sp->path[0])
		unlink(sp->path);
	rmdir(sp->dir);
	forget(sp);
	unblock(&old);
	sp->dir[0] = sp->path[0] = '\0';
}
