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
 */
#include "cli.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

enum { SLOTS = 8, SLOT_PATH_MAX = 4096 };

static char slot_path[SLOTS][SLOT_PATH_MAX];
static const tt_outfile *slot_owner[SLOTS];
static volatile sig_atomic_t slot_used[SLOTS];

static void on_signal(int sig)
{
	for (int i = 0; i < SLOTS; i++)
		if (slot_used[i])
			unlink(slot_path[i]);
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

/* Forget the slot of `o`, if it has one.  Signals blocked by the caller. */
static void forget(const tt_outfile *o)
{
	for (int i = 0; i < SLOTS; i++)
		if (slot_used[i] && slot_owner[i] == o) {
			slot_used[i] = 0;
			slot_owner[i] = NULL;
		}
}

tt_code tt_cli_outfile_open(tt_outfile *o, const char *path, tt_diag *d)
{
	sigset_t old;
	block(&old);
	tt_code rc = tt_outfile_open(o, path, d);
	if (!rc && o->tmp_path) {
		size_t n = strlen(o->tmp_path);
		for (int i = 0; i < SLOTS && n < SLOT_PATH_MAX; i++) {
			if (slot_used[i])
				continue;
			memcpy(slot_path[i], o->tmp_path, n + 1);
			slot_owner[i] = o;
			slot_used[i] = 1;
			break;
		}
		/* No free slot: the file is written all the same, only an
		 * interrupt could leave its temporary behind. */
	}
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
