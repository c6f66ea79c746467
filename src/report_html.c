/* report_html.c: being written (issue 6). */
typedef int tt_placeholder_report_html;
