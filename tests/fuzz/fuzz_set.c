/*
 * fuzz_set.c - libFuzzer target: `--set KEY=VALUE` overrides (the path
 * language and the YAML value) applied to a small fixed scenario, then the
 * whole loader on the result.  Inputs with a '/' are skipped so no file is
 * ever opened.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ttsim/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char scenario[] =
        "capacity: {initial: 2, min: 1, max: 10}\n"
        "policies:\n"
        "  - name: p\n"
        "    TargetTrackingScalingPolicyConfiguration:\n"
        "      TargetValue: 70\n"
        "      PredefinedMetricSpecification:\n"
        "        PredefinedMetricType: SageMakerVariantInvocationsPerInstance\n"
        "instance: {provisioning: 5m}\n"
        "workload: {synthetic: {shape: constant, rate: 600}}\n"
        "simulation: {duration: 1h}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096 || memchr(data, '/', size) || memchr(data, 0, size))
		return 0;
	const char *eq = memchr(data, '=', size);
	if (!eq)
		return 0;
	size_t klen = (size_t)(eq - (const char *)data);
	char *key = malloc(klen + 1);
	char *value = malloc(size - klen);
	if (!key || !value)
		goto out;
	memcpy(key, data, klen);
	key[klen] = '\0';
	memcpy(value, eq + 1, size - klen - 1);
	value[size - klen - 1] = '\0';
	tt_override o = {key, value, NULL};
	tt_overrides ov = {&o, 1};
	tt_scenario s;
	tt_diag d;
	if (tt_scenario_load_text_with(scenario, sizeof scenario - 1, "f.yaml",
	                               "/nonexistent-ttsim-fuzz", &ov, &s,
	                               &d) == TT_OK)
		tt_scenario_release(&s);
out:
	free(key);
	free(value);
	return 0;
}
