#!/usr/bin/env python3
"""make_history.py - a ttsim run's events.csv as describe-scaling-activities
output, for tests/cli_calibrate.sh: a history whose every activity is known.

  make_history.py EVENTS.csv [--origin ISO] [--form one|cat|array]
                  [--drop I] [--extra] [--jitter SEED] [--component NAME]

Each simulated decision becomes a Successful activity of the endpoint
variant in tests/data/calibrate/, newest first as the AWS CLI prints them,
its StartTime the decision and its EndTime the completion, on the clock of
--origin (the trace's first period).  By default every decision is 7.25 s
later and every completion 3 s earlier than simulated; --jitter SEED moves
each by its own amount instead, as a real account's would differ: the
decision 3 to 25 s later (alarms evaluate some seconds into the minute),
the completion up to 12 s either way.  --form: one page (one), a page per
activity one after another (cat), or the same pages in a JSON array
(array).  --drop I leaves activity I out; --extra adds a scale-out to 9 at
14:00 and the scale-in after it, which the simulation never decided.
--component NAME makes them the activities of inference component NAME
(its copy count) instead.
"""
import argparse
import csv
import datetime
import json
import random

p = argparse.ArgumentParser()
p.add_argument("events")
p.add_argument("--origin", default="2024-03-01T09:00:00+00:00")
p.add_argument("--form", choices=["one", "cat", "array"], default="one")
p.add_argument("--drop", type=int, default=-1)
p.add_argument("--extra", action="store_true")
p.add_argument("--jitter", type=int)
p.add_argument("--component")
args = p.parse_args()
if args.component:
    resource = "inference-component/" + args.component
    dimension = "sagemaker:inference-component:DesiredCopyCount"
    count = "desired copy count"
else:
    resource = "endpoint/checkout/variant/AllTraffic"
    dimension = "sagemaker:variant:DesiredInstanceCount"
    count = "desired instance count"

origin = datetime.datetime.fromisoformat(args.origin)
acts = []
with open(args.events) as f:
    for r in csv.DictReader(f):
        if r["reason"] == "InProgress":
            acts.append(dict(r, end=None))
        elif r["reason"] == "Successful":
            for a in acts:
                if a["end"] is None and (a["from"], a["to"]) == (r["from"], r["to"]):
                    a["end"] = float(r["time_s"])
                    break


def iso(s):
    t = origin + datetime.timedelta(seconds=s)
    return t.isoformat(timespec="microseconds")


def activity(i, direction, to, start, end):
    x = {"ActivityId": "act-%03d" % i, "ServiceNamespace": "sagemaker",
         "ResourceId": resource, "ScalableDimension": dimension,
         "Description": "Setting %s to %s." % (count, to),
         "Cause": "monitor alarm TargetTracking-%s-Alarm%s in state ALARM "
                  "triggered policy checkout-invocations"
                  % (resource, "High" if direction == "out" else "Low"),
         "StartTime": iso(start), "StatusCode": "Successful",
         "StatusMessage": "Successfully set %s to %s." % (count, to)}
    if end is not None:
        x["EndTime"] = iso(end)
    return x


rng = random.Random(args.jitter)
out = []
for i, a in enumerate(acts):
    if args.jitter is None:
        late, early = 7.25, 3
    else:  # drawn for every activity, dropped or not
        late, early = round(rng.uniform(3, 25), 3), round(rng.uniform(-12, 12), 3)
    if i == args.drop:
        continue
    start = float(a["time_s"]) + late
    end = a["end"] - early if a["end"] is not None else None
    out.append(activity(i, a["direction"], a["to"], start, end))
if args.extra:
    out.append(activity(99, "out", 9, 5 * 3600, 5 * 3600 + 300))
    out.append(activity(100, "in", 1, 5 * 3600 + 900, 5 * 3600 + 960))
out.sort(key=lambda x: x["StartTime"], reverse=True)  # newest first
if args.form == "one":
    print(json.dumps({"ScalingActivities": out}, indent=4))
else:
    pages = [{"ScalingActivities": [x]} for x in out]
    for i, page in enumerate(pages[:-1]):
        page["NextToken"] = "page-%d" % (i + 2)
    if args.form == "array":
        print(json.dumps(pages, indent=2))
    else:
        print("\n".join(json.dumps(page, indent=4) for page in pages))
