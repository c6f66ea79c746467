/*
 * fuzz_template.c - libFuzzer target: a CloudFormation template (YAML with
 * short-form tags, or JSON) through the tag-keeping reader and the
 * template loader.  The input is written to a scratch file because the
 * loader reads templates by path.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "aws_forms.h"
#include "node.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/ttsim-fuzz-%ld.yaml", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	tt_scenario s;
	memset(&s, 0, sizeof s);
	tt_aws_capacity cap;
	memset(&cap, 0, sizeof cap);
	tt_diag d;
	tt_cfn_input in = {NULL, {path, 0, 0}, {path, 0, 0}, NULL};
	tt_cfn_load(&s, path, &in, &cap, &d);
	tt_scenario_release(&s);
	unlink(path);
	return 0;
}
