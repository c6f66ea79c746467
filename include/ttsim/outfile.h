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
 * Flush, check for write errors (a full disk), close and rename into
 * place.  On failure the temporary file is removed and TT_EIO returned.
 * Either way the outfile is released.
 */
tt_code tt_outfile_commit(tt_outfile *o, tt_diag *d);

/* Close and remove the temporary file.  Accepts an unopened outfile. */
void tt_outfile_abort(tt_outfile *o);

#endif
