"""Checks the timeline `qiao-run --trace FILE programs/trace_timeline` writes: strict JSON, one
span per kernel launch, copy, memset and host function of the program, with demangled kernel
names and byte counts, on queue tracks where each queue's spans follow one another in order, and
every seam call a span with its result. Exits 1 with one line per problem."""
import collections
import json
import sys

QUEUE_TRACKS = 1 << 30  # TraceWriter.cpp: queue tracks' ids start here


def main(path):
    with open(path) as f:
        events = json.load(f)  # strict: the array must be closed at exit
    problems = []
    work = [e for e in events if e.get("cat") == "work" and e["ph"] == "X"]
    seam = [e for e in events if e.get("cat") == "seam"]
    names = {e["tid"]: e["args"]["name"] for e in events
             if e["ph"] == "M" and e["name"] == "thread_name"}

    kernels = collections.Counter(e["name"] for e in work if "launch" in e.get("args", {}))
    expected_kernels = {"timeline::addOne(int*, int)": 2,
                        "void timeline::scale<float>(float*, float, int)": 1}
    if dict(kernels) != expected_kernels:
        problems.append(f"kernel spans {dict(kernels)}, expected {expected_kernels}")

    moves = collections.Counter((e["name"], e["args"].get("bytes")) for e in work
                                if "launch" not in e.get("args", {}))
    expected_moves = {("memcpy HtoD", 4096): 1, ("memcpy DtoH", 4096): 1, ("memset", 1024): 1,
                      ("host function", None): 1}
    if dict(moves) != expected_moves:
        problems.append(f"copy/memset/host spans {dict(moves)}, expected {expected_moves}")

    by_track = collections.defaultdict(list)
    for e in work:
        if e["tid"] < QUEUE_TRACKS:
            problems.append(f"{e['name']} is on host thread track {e['tid']}, not a queue's")
        elif not names.get(e["tid"], "").startswith("queue "):
            problems.append(f"track {e['tid']} of {e['name']} has no queue name")
        if e["dur"] < 0:
            problems.append(f"{e['name']} has a negative duration")
        by_track[e["tid"]].append(e)
    if len(by_track) != 2:
        problems.append(f"work on {len(by_track)} queue tracks, expected 2 (two streams)")
    for spans in by_track.values():
        spans.sort(key=lambda e: e["ts"])
        for before, after in zip(spans, spans[1:]):
            # In-order queues: one piece of work ends before the next starts (1 us of rounding).
            if after["ts"] + 1.0 < before["ts"] + before["dur"]:
                problems.append(f"{after['name']} starts before {before['name']} ends")

    slots = collections.Counter(e["name"] for e in seam)
    for slot, least in [("init", 1), ("enqueueLaunch", 3), ("enqueueCopy", 2), ("enqueueFill", 1),
                        ("enqueueHostFn", 1), ("queueCreate", 1), ("memAlloc", 2)]:
        if slots[slot] < least:
            problems.append(f"{slots[slot]} {slot} seam spans, expected at least {least}")
    for e in seam:
        if "result" not in e.get("args", {}):
            problems.append(f"seam span {e['name']} has no result")
    launches = [e for e in seam if e["name"] == "enqueueLaunch"]
    if launches and launches[0]["args"].get("result") != "qiaoDrvSuccess (0)":
        problems.append(f"enqueueLaunch result {launches[0]['args'].get('result')}")

    for problem in problems:
        print("CheckTrace:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
