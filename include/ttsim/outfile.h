/*
 * outfile.h - output files that appear whole or not at all.
 *
 * An outfile is written under a temporary name in the directory of its
 * final path and renamed over it only on commit, after a flush and an
 * error check.  A failed or interrupted run leaves the previous outputs
 * as they were and no half-written file behind.  A path naming a device
 * or a pipe (/dev/null, /dev/stdout) is written in place, tmp_path NULL.
 */
#ifndef TTSIM_OUTFILE_H
#define TTSIM_OUTFILE_H

#include <stdio.h>

#include "ttsim/diag.h"

typedef struct tt_outfile {
	FILE *f;
	char *tmp_path; /* NULL when writing a device in place */
	char *path;
} tt_outfile;

/*
 * Create the temporary file beside `path`.  TT_EIO with the system's
 * reason when the directory is not writable.
 */
tt_code tt_outfile_open(tt_outfile *o, const char *path, tt_diag *d);

/*
 * The name the file's contents can be read back under before the commit:
 * the temporary file, or the path itself when written in place.  The
 * pictures of a run are drawn from its data files this way, before any
 * of them is committed.  Borrowed from the outfile.
 */
const char *tt_outfile_name(const tt_outfile *o);

/*
 * Flush the stream and check it for write errors, so its contents can be
 * read back (tt_outfile_name).  TT_EIO "cannot write 'PATH': reason".
 */
tt_code tt_outfile_flush(tt_outfile *o, tt_diag *d);

/*
 * Flush, check for write errors (a full disk), close and rename into
 * place.  On failure the temporary file is removed and TT_EIO returned.
 * Either way the outfile is released.  The same as a group of one.
 */
tt_code tt_outfile_commit(tt_outfile *o, tt_diag *d);

/*
 * Commit the n outfiles of one command as one output: flush, check and
 * close every one; only when all are complete, rename them into place in
 * array order.  Any failure before the renaming (a full disk, a write
 * error) removes every temporary file and leaves every previous file
 * untouched.  A rename that fails (rare: each temporary file is already
 * in its final directory) stops the group: the files before it are
 * replaced, the rest removed, and the message lists the replaced ones.
 * Put last the file whose presence says the set is complete (a run's
 * summary.json): when it is new, so is every file before it.  TT_EIO.
 * Every outfile is released either way.
 */
tt_code tt_outfile_commit_group(tt_outfile *files, size_t n, tt_diag *d);

/*
 * Close and remove the temporary file.  Accepts an unopened, committed or
 * aborted outfile (zeroed), so cleanup can call it on every outfile.
 */
void tt_outfile_abort(tt_outfile *o);

#endif
