/* json_doc.c: not written yet */
