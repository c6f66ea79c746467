/*
 * fuzz_terraform.c - libFuzzer target: a Terraform file through the HCL
 * reader and the Terraform loader (evaluation of variables, locals,
 * references, templates, conditionals, count guards; translation into
 * the AWS shapes and the policy checks).  The input is written to a
 * scratch file because the loader reads files by path; the scenario's
 * vars are empty, so every variable takes its default.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tf.h"
#include "ttsim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/ttsim-fuzz-%ld.tf", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	const char *files[1] = {path};
	tt_tf_input in = {.files = files,
	                  .n_files = 1,
	                  .target_loc = {path, 0, 0},
	                  .at = {path, 0, 0}};
	tt_scenario s;
	memset(&s, 0, sizeof s);
	tt_aws_capacity cap;
	memset(&cap, 0, sizeof cap);
	tt_diag d;
	tt_tf_load(&s, &in, &cap, &d);
	tt_scenario_release(&s);
	unlink(path);
	return 0;
}
