/*
 * outfile.c - write to a temporary name, rename on success.
 *
 * rename(2) within one directory is atomic, so a reader sees either the old
 * file or the complete new one.  A path that names a device or a pipe
 * (`-o /dev/null`) is written in place: renaming over it would replace
 * the device with a regular file, and it holds no previous output.
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
		return tt_diag_set(d, TT_ENOMEM, (tt_loc){0}, "out of memory");
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
		return tt_diag_set(d, TT_ENOMEM, (tt_loc){0}, "out of memory");
	}
	return TT_OK;
}

tt_code tt_outfile_commit(tt_outfile *o, tt_diag *d)
{
	int bad = fflush(o->f) != 0 || ferror(o->f);
	int err = errno;
	if (fclose(o->f) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	o->f = NULL;
	if (!bad && o->tmp_path && rename(o->tmp_path, o->path) != 0) {
		bad = 1;
		err = errno;
	}
	if (bad) {
		tt_diag_set(d, TT_EIO, (tt_loc){0}, "cannot write '%s': %s",
		            o->path, strerror(err));
		tt_outfile_abort(o);
		return TT_EIO;
	}
	free(o->tmp_path);
	free(o->path);
	memset(o, 0, sizeof *o);
	return TT_OK;
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
