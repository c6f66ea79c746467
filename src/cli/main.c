/*
 * main.c - the ttsim command: subcommand dispatch and shared helpers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ttsim/scenario.h"

#ifndef TTSIM_VERSION
#define TTSIM_VERSION "0.1.0"
#endif

static const char usage_text[] =
        "usage: ttsim <command> [options]\n"
        "\n"
        "Replay a workload through AWS Application Auto Scaling target\n"
        "tracking and write what happened.\n"
        "\n"
        "commands:\n"
        "  run [SCENARIO.yaml]   run a scenario (no argument: the built-in "
        "default)\n"
        "  validate FILE...      check scenarios, policies, scalable "
        "targets and\n"
        "                        CloudFormation templates\n"
        "  check SCENARIO.yaml... [--junit FILE]\n"
        "                        run each and verify its expect: block\n"
        "  metric-check SCENARIO.yaml\n"
        "                        is each policy's metric a valid "
        "utilization\n"
        "                        metric for target tracking?\n"
        "  sweep SCENARIO.yaml --set KEY=V1,V2,... -o FILE\n"
        "                        run every combination, one CSV of results\n"
        "  merge SHARD.csv... -o FILE\n"
        "                        join the shards of a sweep\n"
        "  plot TIMELINE.csv -o FILE.svg\n"
        "                        draw a run (also --sweep, --html)\n"
        "\n"
        "options:\n"
        "  -h, --help            show this help (also after a command)\n"
        "  --version             print the version\n"
        "\n"
        "exit codes: 0 success, 1 expectations failed, 2 bad usage or input,\n"
        "3 internal error\n";

/* fmt formatted into a malloc'd string (*len bytes), or NULL. */
static char *format_alloc(size_t *len, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	*len = s ? (size_t)n : 0;
	return s;
}

void tt_cli_printf(FILE *f, const char *fmt, ...)
{
	size_t len, flen = strlen(fmt);
	va_list ap;
	va_start(ap, fmt);
	char *text = format_alloc(&len, fmt, ap);
	va_end(ap);
	/* The format's own final newline is the one control kept. */
	bool newline = flen > 0 && fmt[flen - 1] == '\n';
	if (text && newline)
		len--;
	size_t n = text ? tt_diag_escape(text, len, NULL, 0) : 0;
	char *safe = text ? malloc(n + 1) : NULL;
	if (!safe) {
		fputs("ttsim: error: out of memory\n", stderr);
	} else {
		tt_diag_escape(text, len, safe, n + 1);
		fwrite(safe, 1, n, f);
		if (newline)
			fputc('\n', f);
	}
	free(safe);
	free(text);
}

int tt_cli_fail(const tt_diag *d)
{
	char buf[TT_DIAG_MSG_MAX + TT_DIAG_FILE_MAX + 64];
	tt_cli_printf(stderr, "%s\n", tt_diag_format(d, buf, sizeof buf));
	if (d->code == TT_ENOMEM || d->code == TT_EINTERNAL)
		return TT_EXIT_INTERNAL;
	return TT_EXIT_INPUT;
}

void tt_cli_print_notes(const tt_diag_list *l)
{
	char buf[TT_DIAG_MSG_MAX + TT_DIAG_FILE_MAX + 64];
	for (size_t i = 0; i < l->count; i++)
		tt_cli_printf(stderr, "%s\n",
		              tt_diag_format(&l->items[i], buf, sizeof buf));
}

int tt_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	size_t len;
	va_list ap;
	va_start(ap, fmt);
	char *msg = format_alloc(&len, fmt, ap);
	va_end(ap);
	tt_cli_printf(stderr, "ttsim%s%s: error: %s\n", cmd ? " " : "",
	              cmd ? cmd : "", msg ? msg : "out of memory");
	fprintf(stderr, "(see 'ttsim %s%s--help')\n", cmd ? cmd : "",
	        cmd ? " " : "");
	free(msg);
	return TT_EXIT_INPUT;
}

bool tt_cli_option(int argc, char **argv, int *i, const char *long_name,
                   const char *short_name, const char **value, bool *missing)
{
	const char *arg = argv[*i];
	size_t n = strlen(long_name);
	*missing = false;
	if (strncmp(arg, long_name, n) == 0 && arg[n] == '=') {
		*value = arg + n + 1;
		return true;
	}
	if (strcmp(arg, long_name) != 0 &&
	    !(short_name && strcmp(arg, short_name) == 0))
		return false;
	if (*i + 1 >= argc) {
		*missing = true;
		return true;
	}
	*value = argv[++*i];
	return true;
}

tt_code tt_cli_split_set(const char *arg, tt_override *out)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return TT_EINVAL;
	size_t kl = (size_t)(eq - arg);
	out->key = malloc(kl + 1);
	out->value = strdup(eq + 1);
	if (!out->key || !out->value) {
		free(out->key);
		free(out->value);
		out->key = out->value = NULL;
		return TT_ENOMEM;
	}
	memcpy(out->key, arg, kl);
	out->key[kl] = '\0';
	return TT_OK;
}

void tt_cli_free_sets(tt_overrides *ov)
{
	for (size_t i = 0; i < ov->n; i++) {
		free(ov->items[i].key);
		free(ov->items[i].value);
	}
	free(ov->items);
	ov->items = NULL;
	ov->n = 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_text, stderr);
		return TT_EXIT_INPUT;
	}
	tt_cli_interrupt_install();
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return TT_EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("ttsim %s\n", TTSIM_VERSION);
		return TT_EXIT_OK;
	}
	if (strcmp(cmd, "run") == 0)
		return tt_cmd_run(argc - 1, argv + 1);
	if (strcmp(cmd, "validate") == 0)
		return tt_cmd_validate(argc - 1, argv + 1);
	if (strcmp(cmd, "metric-check") == 0)
		return tt_cmd_metric_check(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return tt_cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "sweep") == 0)
		return tt_cmd_sweep(argc - 1, argv + 1);
	if (strcmp(cmd, "merge") == 0)
		return tt_cmd_merge(argc - 1, argv + 1);
	if (strcmp(cmd, "plot") == 0)
		return tt_cmd_plot(argc - 1, argv + 1);
	return tt_cli_usage_error(NULL, "unknown command '%s'", cmd);
}
