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

#include "ttsim/diag.h"

/*
 * Validate `path`.  On success *what names what it was ("scenario",
 * "policy", "scalable target", "CloudFormation template"; static text).
 * Warnings and notes go to `notes` (may be NULL).  Errors as the loaders
 * give them, at file:line:col.
 */
tt_code tt_validate_file(const char *path, const char **what,
                         tt_diag_list *notes, tt_diag *d);

#endif
