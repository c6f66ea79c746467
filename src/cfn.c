/* cfn.c: not written yet */
