/* alarm.c: not written yet */
