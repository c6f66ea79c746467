/* overrides.c: being written (issue 6). */
typedef int tt_placeholder_overrides;
