#!/usr/bin/env python3
"""docs_examples.py TTSIM [SOURCE_DIR] - run every checked example in the
docs and compare what it prints with what the docs show.

A checked example is a fenced block whose info string is `console`, in
README.md or docs/*.md:

    ```console
    $ ttsim validate policy.json
    policy.json:4:29: error: unknown PredefinedMetricType ...
    ```

Lines starting with `$ ` are commands (a command ending in a backslash goes
on to the next line); the lines up to the next command are what it prints,
standard output and standard error together in the order a terminal shows
them.  Each block runs in a fresh directory holding `scenarios`, `tests`,
`docs`, `policies` (the seed policies) and `build` (the build directory) as
links into the checkout, with `ttsim` first on PATH, so the docs' paths work
as written and outputs land in the scratch directory.  An HTML comment
right before the fence, `<!-- example-setup: CMD -->`, runs CMD there
first (hidden in the rendered page: it makes the files a sample needs).

The comparison is exact after a small normalisation, documented in
docs/development.md: trailing blanks are ignored, the scratch directory's
and the checkout's absolute paths read as `.`, and a line `...` in the docs
stands for any number of printed lines.  Exit codes are not compared; show
them with `; echo "exit $?"` where they matter.

Prints one line per failing example with a diff, then the totals in the
`cli: N passed, F failed` form tools/test adds up.  Exit 1 when any failed.
"""
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```(\S*)\s*$")
SETUP = re.compile(r"^<!--\s*example-setup:\s*(.*?)\s*-->\s*$")
LINKS = ("scenarios", "tests", "docs", "tools")


def blocks(path):
    """Yield (line number, setup commands, block lines) of every console
    block in the markdown file at path."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start = i
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        if m.group(1) == "console":
            setup = []
            k = start - 1
            while k >= 0 and SETUP.match(lines[k]):
                setup.insert(0, SETUP.match(lines[k]).group(1))
                k -= 1
            yield start + 1, setup, lines[start + 1:j]
        i = j + 1


def parse(block):
    """[(command, [expected lines])] of one block."""
    steps = []
    i = 0
    while i < len(block):
        line = block[i]
        if not line.startswith("$ "):
            raise ValueError(f"line {i + 1} of the block is not a command "
                             f"(`$ ...`) and follows none")
        cmd = line[2:]
        while cmd.endswith("\\") and i + 1 < len(block):
            i += 1
            cmd = cmd + "\n" + block[i]  # the shell joins them
        i += 1
        out = []
        while i < len(block) and not block[i].startswith("$ "):
            out.append(block[i])
            i += 1
        steps.append((cmd, out))
    return steps


def matches(expected, actual):
    """Whether actual lines match expected ones, `...` matching any run."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:])
                   for k in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and \
        matches(expected[1:], actual[1:])


def run_block(ttsim, top, setup, steps):
    """Run one block's commands; return a diff, or None when all match."""
    bindir = os.path.dirname(os.path.abspath(ttsim))
    scratch = tempfile.mkdtemp(prefix="ttsim-docs-")
    try:
        for name in LINKS:
            os.symlink(os.path.join(top, name), os.path.join(scratch, name))
        os.symlink(os.path.join(top, "scenarios", "policies"),
                   os.path.join(scratch, "policies"))
        os.symlink(bindir, os.path.join(scratch, "build"))
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"],
                   LC_ALL="C", TZ="UTC")
        env.pop("CI", None)
        # stdbuf works by preloading a library; under AddressSanitizer
        # that library must not be taken for a second runtime.
        env["ASAN_OPTIONS"] = ":".join(
            filter(None, [os.environ.get("ASAN_OPTIONS"),
                          "verify_asan_link_order=0"]))
        for cmd in setup:
            subprocess.run(["sh", "-c", cmd], cwd=scratch, env=env,
                           check=True, stdout=subprocess.DEVNULL)
        for cmd, expected in steps:
            # stdbuf: standard output line-buffered as on a terminal, so
            # its lines and standard error's keep their order in the pipe.
            p = subprocess.run(["stdbuf", "-oL", "-eL", "sh", "-c", cmd],
                               cwd=scratch, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=120)
            text = p.stdout.decode("utf-8", "backslashreplace")
            for root in (os.path.realpath(scratch), scratch,
                         os.path.realpath(top), top):
                text = text.replace(root + "/", "").replace(root, ".")
            actual = [l.rstrip() for l in text.rstrip("\n").split("\n")]
            if actual == [""]:
                actual = []
            want = [l.rstrip() for l in expected]
            if not matches(want, actual):
                diff = difflib.unified_diff(want, actual, "docs", "printed",
                                            lineterm="")
                return f"$ {cmd}\n" + "\n".join(diff)
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    if len(sys.argv) < 2:
        print("usage: docs_examples.py TTSIM [SOURCE_DIR]", file=sys.stderr)
        return 2
    ttsim = sys.argv[1]
    top = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else
                          os.environ.get("TTSIM_SOURCE_DIR",
                                         os.path.join(os.path.dirname(
                                             __file__), "..")))
    files = [os.path.join(top, "README.md")] + sorted(
        os.path.join(top, "docs", f)
        for f in os.listdir(os.path.join(top, "docs")) if f.endswith(".md"))
    passed = failed = 0
    for path in files:
        rel = os.path.relpath(path, top)
        for line, setup, block in blocks(path):
            try:
                steps = parse(block)
                problem = run_block(ttsim, top, setup, steps)
            except (ValueError, subprocess.SubprocessError) as e:
                problem = str(e)
            if problem is None:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {rel}:{line}: the example prints something "
                      f"else\n{problem}\n")
    print(f"cli: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
