/* service.c: being written (issue 4). */
#include "ttsim/service.h"
