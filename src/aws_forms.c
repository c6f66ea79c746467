/* aws_forms.c: not written yet */
