/*
 * validate.h - check any input file ttsim reads, as a run would read it.
 *
 * `ttsim validate FILE...` calls this for each file.  The kind of file is
 * told from its contents (a .json name means JSON): a scenario (its
 * policy files and its whole trace are read too), a policy in any AWS
 * form (TargetTrackingScalingPolicyConfiguration, PutScalingPolicy
 * request, describe-scaling-policies output), a scalable target
 * (RegisterScalableTarget request, describe-scalable-targets output), a
 * CloudFormation template (JSON or YAML, or the docs' fragments) or a
 * Terraform file (its syntax, and a note on what it declares).
 */
#ifndef TTSIM_VALIDATE_H
#define TTSIM_VALIDATE_H

#include <stddef.h>

#include "ttsim/diag.h"

/*
 * Validate `path`, read once and whole (a FIFO or /dev/fd/N works; relative
 * paths inside a scenario are resolved against its directory).  Its
 * content tells the kind, as tt_doc_sniff does, whatever its name
 * (`stack.template`, a policy called `config`); a .json name means JSON.
 * On success *what names what it was ("scenario", "policy", "scalable
 * target", "CloudFormation template", "Terraform file"; static text).
 * Warnings and notes go to `notes` (may be NULL).  Errors as the loaders
 * give them, at file:line:col.
 */
tt_code tt_validate_file(const char *path, const char **what,
                         tt_diag_list *notes, tt_diag *d);

/*
 * The same for `len` bytes of text already read (standard input): `name`
 * is what locations say, `dir` where relative paths inside a scenario are
 * resolved (NULL: the current directory).
 */
tt_code tt_validate_text(const char *text, size_t len, const char *name,
                         const char *dir, const char **what,
                         tt_diag_list *notes, tt_diag *d);

#endif
