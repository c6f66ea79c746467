/*
 * fuzz_capacity.c - libFuzzer target: a CloudWatch export of the instance
 * count (get-metric-statistics or get-metric-data JSON) through the
 * capacity reader, and what a read export promises the calibration: at
 * least two datapoints, strictly ascending, no closer than the period,
 * each a count from 0 to TT_CAPACITY_EXPORT_MAX.
 */
#include <stdint.h>
#include <stdlib.h>

#include "capacity_export.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tt_capacity_export c;
	tt_diag_list notes = {0};
	tt_diag d;
	if (tt_capacity_export_parse((const char *)data, size, "fuzz.json", &c,
	                             &notes, &d) == TT_OK) {
		if (c.count < 2 || c.period_us <= 0 || !c.statistic)
			abort();
		for (size_t i = 0; i < c.count; i++) {
			if (!(c.value[i] >= 0 &&
			      c.value[i] <= TT_CAPACITY_EXPORT_MAX))
				abort();
			if (i > 0 &&
			    c.unix_us[i] - c.unix_us[i - 1] < c.period_us)
				abort();
		}
		tt_capacity_export_release(&c);
	}
	tt_diag_list_release(&notes);
	return 0;
}
