/* trace_azure_functions.c: not written yet */
