/* yaml_doc.c: not written yet */
