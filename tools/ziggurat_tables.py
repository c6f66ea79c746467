#!/usr/bin/env python3
"""ziggurat_tables.py - write src/ziggurat_tables.h, the layer tables of
the ziggurat samplers in src/rng.c (the standard normal and the standard
exponential, 256 layers each).

    tools/ziggurat_tables.py > src/ziggurat_tables.h

The tables are committed, not computed at run time, so every machine
draws with the same bits whatever its libm.  For each density f (not
normalised) the base strip's x R is solved for by bisection so that the
256 layers, each of area V = R f(R) + (the tail's area past R), stack
exactly to the top: the recursion x[i+1] = f^-1(V / x[i] + f(x[i]))
reaches f(x[255]) + V / x[255] = f(0).  x[0] = V / f(R) is the base
strip's width as a rectangle, x[1] = R, x[256] = 0; ratio[i] =
x[i+1] / x[i], below which a draw is inside f without evaluating it.
The method is the one of G. Marsaglia and W. W. Tsang, "The ziggurat
method for generating random variables" (2000), with the improvements
of J. A. Doornik, "An improved ziggurat method to generate normal
random samples" (2005).
"""
import math

LAYERS = 256


def solve(f, f_inv, tail):
    """R, V and the x table for density f."""
    def layers(r):
        v = r * f(r) + tail(r)
        x = [v / f(r), r]
        for _ in range(2, LAYERS):
            y = v / x[-1] + f(x[-1])
            if y >= f(0):
                return v, x, -1.0  # the top reached early: R too small
            x.append(f_inv(y))
        # room left above x[255] against the area a layer has: positive
        # when the layers are too thin to reach the top (R too large)
        return v, x, x[-1] * (f(0) - f(x[-1])) - v

    lo, hi = 1.0, 20.0
    for _ in range(200):
        mid = (lo + hi) / 2
        _, _, excess = layers(mid)
        if excess > 0:
            hi = mid
        else:
            lo = mid
    v, x, _ = layers(lo)
    return lo, v, x + [0.0]


def table(name, values):
    out = [f"static const double {name}[{len(values)}] = {{"]
    for v in values:
        out.append(f"\t{float(v).hex()},")
    out.append("};")
    return "\n".join(out)


def main():
    normal = solve(lambda x: math.exp(-0.5 * x * x),
                   lambda y: math.sqrt(-2.0 * math.log(y)),
                   lambda r: math.sqrt(math.pi / 2) * math.erfc(r / math.sqrt(2)))
    expo = solve(lambda x: math.exp(-x),
                 lambda y: -math.log(y),
                 lambda r: math.exp(-r))
    print("/*")
    print(" * ziggurat_tables.h - the layers of the ziggurat samplers (rng.c),")
    print(" * written by tools/ziggurat_tables.py: do not edit.  Private.")
    print(" */")
    print("#ifndef TTSIM_ZIGGURAT_TABLES_H")
    print("#define TTSIM_ZIGGURAT_TABLES_H")
    print()
    for tag, (r, v, x) in (("NORMAL", normal), ("EXP", expo)):
        low = tag.lower()
        print(f"/* the {low} density's base strip: x from which its tail is drawn */")
        print(f"#define TT_ZIG_{tag}_R {float(r).hex()} /* {r!r} */")
        print(table(f"tt_zig_{low}_x", x))
        print(table(f"tt_zig_{low}_ratio",
                    [x[i + 1] / x[i] for i in range(LAYERS)]))
        print()
    print("#endif")


if __name__ == "__main__":
    main()
