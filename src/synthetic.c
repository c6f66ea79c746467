/* synthetic.c: being written (issue 3). */
#include "synthetic.h"

tt_code tt_synthetic_open(const tt_shape_spec *shape, uint64_t seed,
                          tt_time_us step_us, tt_source **out, tt_diag *d)
{
	(void)seed;
	(void)step_us;
	(void)out;
	return tt_diag_set(d, TT_EUNSUPPORTED, shape->loc,
	                   "synthetic shapes are being rewritten");
}

double tt_shape_expected(const tt_shape_spec *shape, tt_time_us start_us,
                         tt_time_us end_us)
{
	(void)shape;
	(void)start_us;
	(void)end_us;
	return 0;
}
