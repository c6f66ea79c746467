/* cmd_validate.c: not written yet */
