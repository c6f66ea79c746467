/*
 * outfile.c - write to a temporary name, rename on success.
 *
 * rename(2) within one directory is atomic, so a reader sees either the old
 * file or the complete new one.  A path that names a device or a pipe
 * (`-o /dev/null`) is written in place: renaming over it would replace
 * the device with a regular file, and it holds no previous output.
 *
 * A command that writes several files commits them as a group: every one
 * is flushed, checked and closed before the first is renamed, so a full
 * disk or any other failure up to that point leaves every previous file
 * as it was.  The renames themselves cannot be made atomic as a whole;
 * they run in the caller's order, and a failing one stops the group with
 * a message saying which files were already replaced.
 */
#include "ttsim/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

tt_code tt_outfile_open(tt_outfile *o, const char *path, tt_diag *d)
{
	memset(o, 0, sizeof *o);
	size_t n = strlen(path);
	o->path = malloc(n + 1);
	o->tmp_path = malloc(n + sizeof ".tmp-XXXXXX");
	if (!o->path || !o->tmp_path) {
		tt_outfile_abort(o);
		return tt_diag_nomem(d, (tt_loc){0});
	}
	memcpy(o->path, path, n + 1);
	struct stat st;
	if (stat(path, &st) == 0 &&
	    (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		free(o->tmp_path);
		o->tmp_path = NULL;
		if (!(o->f = fopen(path, "w"))) {
			int err = errno;
			tt_outfile_abort(o);
			return tt_diag_set(d, TT_EIO, (tt_loc){0},
			                   "cannot open '%s': %s", path,
			                   strerror(err));
		}
		return TT_OK;
	}
	memcpy(o->tmp_path, path, n);
	memcpy(o->tmp_path + n, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
	int fd = mkstemp(o->tmp_path);
	if (fd < 0) {
		int err = errno;
		tt_diag_set(d, TT_EIO, (tt_loc){0}, "cannot create '%s': %s",
		            path, strerror(err));
		free(o->tmp_path);
		o->tmp_path = NULL; /* nothing to remove */
		tt_outfile_abort(o);
		return TT_EIO;
	}
	/* mkstemp makes 0600; outputs are for sharing, like any new file. */
	(void)fchmod(fd, 0644);
	o->f = fdopen(fd, "w");
	if (!o->f) {
		close(fd);
		tt_outfile_abort(o);
		return tt_diag_nomem(d, (tt_loc){0});
	}
	return TT_OK;
}

const char *tt_outfile_name(const tt_outfile *o)
{
	return o->tmp_path ? o->tmp_path : o->path;
}

tt_code tt_outfile_flush(tt_outfile *o, tt_diag *d)
{
	/* errno says why only when this flush failed; an earlier failed
	 * write that left just the error flag is reported as EIO */
	int err = fflush(o->f) != 0 ? errno : ferror(o->f) ? EIO : 0;
	if (!err)
		return TT_OK;
	return tt_diag_set(d, TT_EIO, (tt_loc){0}, "cannot write '%s': %s",
	                   o->path, strerror(err));
}

/* Flush, check and close the stream; the temporary file stays. */
static tt_code finish(tt_outfile *o, tt_diag *d)
{
	tt_code rc = tt_outfile_flush(o, d);
	if (fclose(o->f) != 0 && !rc)
		rc = tt_diag_set(d, TT_EIO, (tt_loc){0},
		                 "cannot write '%s': %s", o->path,
		                 strerror(errno));
	o->f = NULL;
	return rc;
}

/* Free a committed outfile's names. */
static void release(tt_outfile *o)
{
	free(o->tmp_path);
	free(o->path);
	memset(o, 0, sizeof *o);
}

/*
 * A rename failed after `done` files of the group were replaced: say
 * which, so the mixed set is never silent.
 */
static tt_code rename_failed(const tt_outfile *files, size_t done, int err,
                             tt_diag *d)
{
	const tt_outfile *o = &files[done];
	if (!d)
		return TT_EIO;
	tt_diag_set(d, TT_EIO, (tt_loc){0}, "cannot rename '%s' to '%s': %s",
	            o->tmp_path, o->path, strerror(err));
	size_t len = strlen(d->msg);
	for (size_t i = 0; i < done && len < sizeof d->msg; i++) {
		snprintf(d->msg + len, sizeof d->msg - len, "%s'%s'",
		         i ? ", " : "; already replaced: ", files[i].path);
		len += strlen(d->msg + len);
	}
	return TT_EIO;
}

tt_code tt_outfile_commit_group(tt_outfile *files, size_t n, tt_diag *d)
{
	tt_code rc = TT_OK;
	for (size_t i = 0; i < n && !rc; i++)
		rc = finish(&files[i], d);
	if (rc) {
		for (size_t i = 0; i < n; i++)
			tt_outfile_abort(&files[i]);
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		tt_outfile *o = &files[i];
		if (o->tmp_path && rename(o->tmp_path, o->path) != 0) {
			rc = rename_failed(files, i, errno, d);
			for (size_t j = 0; j < i; j++)
				release(&files[j]);
			for (size_t j = i; j < n; j++)
				tt_outfile_abort(&files[j]);
			return rc;
		}
	}
	for (size_t i = 0; i < n; i++)
		release(&files[i]);
	return TT_OK;
}

tt_code tt_outfile_commit(tt_outfile *o, tt_diag *d)
{
	return tt_outfile_commit_group(o, 1, d);
}

void tt_outfile_abort(tt_outfile *o)
{
	if (!o)
		return;
	if (o->f)
		fclose(o->f);
	if (o->tmp_path)
		unlink(o->tmp_path);
	free(o->tmp_path);
	free(o->path);
	memset(o, 0, sizeof *o);
}
