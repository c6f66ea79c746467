/* histogram.c: being written (issue 4). */
#include "ttsim/histogram.h"
