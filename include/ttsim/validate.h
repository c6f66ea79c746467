/*
 * validate.h - check any input file ttsim reads, as a run would read it.
 *
 * `ttsim validate FILE...` calls this for each file.  The kind of file is
 * told from its name and contents: a scenario (.yaml/.yml with scenario
 * keys; its policy files and its whole trace are read too), a policy in
 * any AWS form (TargetTrackingScalingPolicyConfiguration, PutScalingPolicy
 * request, describe-scaling-policies output), a scalable target
 * (RegisterScalableTarget request, describe-scalable-targets output) or a
 * CloudFormation template (JSON or YAML).
 */
#ifndef TTSIM_VALIDATE_H
#define TTSIM_VALIDATE_H

#include <stddef.h>

#include "ttsim/diag.h"

/*
 * Validate `path`, read once and whole (a FIFO or /dev/fd/N works; relative
 * paths inside a scenario are resolved against its directory).  The name
 * tells the kind: .json is JSON; .yaml and .yml are YAML; a name without
 * an extension is told by its text, as tt_validate_text does; any other
 * extension is refused (TT_EINVAL "cannot tell what kind of file this
 * is", nothing read).  On success *what names what it was ("scenario",
 * "policy", "scalable target", "CloudFormation template"; static text).
 * Warnings and notes go to `notes` (may be NULL).  Errors as the loaders
 * give them, at file:line:col.
 */
tt_code tt_validate_file(const char *path, const char **what,
                         tt_diag_list *notes, tt_diag *d);

/*
 * The same for `len` bytes of text already read (standard input): `name`
 * is what locations say, `dir` where relative paths inside a scenario are
 * resolved (NULL: the current directory).  Unless `name` ends in .json,
 * .yaml or .yml, the text is JSON when its first character (after a
 * byte-order mark and blanks) is '{' or '[', YAML otherwise.
 */
tt_code tt_validate_text(const char *text, size_t len, const char *name,
                         const char *dir, const char **what,
                         tt_diag_list *notes, tt_diag *d);

#endif
